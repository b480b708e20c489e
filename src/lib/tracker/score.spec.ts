import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { addDays } from '../core/calendar';
import { A, agreed, behaviour, boundary, MONDAY, record, run } from './fixtures';
import { readLedger } from './ledger';
import { scoreChange, scoreOf, scoreSeries } from './score';

const call = { clauseId: 'call', partnerId: A };
const m = Math.pow(0.5, 1 / 13); // daily: f = 1

function daily(days: number, outcome: Parameters<typeof run>[4] = 'kept') {
	const doc = new Y.Doc();
	run(doc, 'call', MONDAY, days, outcome);
	return doc;
}

describe("Loop Habit Tracker's forgiving score", () => {
	test('a perfect daily run reaches about 80% after 30 days and 96% after 60', () => {
		const doc = daily(60);
		const at = (n: number) =>
			scoreOf(readLedger(doc, agreed(MONDAY, [behaviour('call')]), addDays(MONDAY, n - 1)), call);
		expect(at(30)).toBeCloseTo(0.798, 3);
		expect(at(30)).toBeCloseTo(1 - Math.pow(0.5, 30 / 13), 12);
		expect(at(60)).toBeCloseTo(0.959, 3);
	});

	test('seven misses after 90 perfect days leave about 68%', () => {
		const doc = daily(97, (i) => (i < 90 ? 'kept' : 'notToday'));
		const ledger = readLedger(doc, agreed(MONDAY, [behaviour('call')]), addDays(MONDAY, 96));
		expect(scoreOf(ledger, call)).toBeCloseTo(0.6828, 4);
	});

	test('an unrecorded past day counts as missed; today is not missed until it is over', () => {
		const doc = daily(10);
		const plan = agreed(MONDAY, [behaviour('call')]);
		const tenth = scoreOf(readLedger(doc, plan, addDays(MONDAY, 9)), call);
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 10)), call)).toBe(tenth);
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 11)), call)).toBeCloseTo(tenth * m, 12);
	});

	test('an excused day leaves the score unchanged; the backup version is half a step', () => {
		const plan = agreed(MONDAY, [behaviour('call')]);
		const excused = daily(21, (i) => (i === 10 ? 'excused' : 'kept'));
		const perfect = daily(20);
		const last = addDays(MONDAY, 20);
		expect(scoreOf(readLedger(excused, plan, last), call)).toBeCloseTo(
			scoreOf(readLedger(perfect, plan, last), call),
			12
		);
		const backup = daily(1, 'backup');
		expect(scoreOf(readLedger(backup, plan, MONDAY), call)).toBeCloseTo(0.5 * (1 - m), 12);
	});

	test('a weekly quota steps once per week, when met or when the week is over', () => {
		const plan = agreed(MONDAY, [behaviour('gym', { kind: 'timesPerWeek', times: 3 })]);
		const gym = { clauseId: 'gym', partnerId: A };
		const doc = new Y.Doc();
		record(doc, 'gym', MONDAY, 'kept');
		record(doc, 'gym', addDays(MONDAY, 2), 'kept');
		// Two of three by Wednesday: nothing lost yet.
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 3)), gym)).toBe(0);
		record(doc, 'gym', addDays(MONDAY, 4), 'kept');
		const week = Math.pow(Math.pow(0.5, Math.sqrt(3 / 7) / 13), 7);
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 4)), gym)).toBeCloseTo(1 - week, 12);
		// Next week only one: judged once Sunday is over, at a third.
		record(doc, 'gym', addDays(MONDAY, 8), 'kept');
		const s1 = 1 - week;
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 13)), gym)).toBeCloseTo(s1, 12);
		expect(scoreOf(readLedger(doc, plan, addDays(MONDAY, 14)), gym)).toBeCloseTo(
			s1 * week + (1 / 3) * (1 - week),
			12
		);
	});

	test('the series runs from the first agreed day to today', () => {
		const doc = daily(5);
		const series = scoreSeries(
			readLedger(doc, agreed(MONDAY, [behaviour('call')]), addDays(MONDAY, 4)),
			call
		);
		expect(series.map((p) => p.day)).toEqual([0, 1, 2, 3, 4].map((i) => addDays(MONDAY, i)));
		expect(series[4].score).toBeGreaterThan(series[3].score);
	});
});

describe('scoreChange explains itself calmly', () => {
	const plan = agreed(MONDAY, [behaviour('call'), boundary('contact')]);
	const unkind = /fail|broke|bad|streak|shame|only/i;

	test('a perfect week', () => {
		const doc = daily(35);
		const change = scoreChange(readLedger(doc, plan, addDays(MONDAY, 34)), call);
		const shown = (days: number) => Math.round((1 - Math.pow(m, days)) * 100);
		expect(change.delta).toBe(shown(35) - shown(28));
		expect(change.sentence).toBe(`Up ${change.delta}%: kept every day this week.`);
	});

	test('missed days, an excused day and a backup, with names', () => {
		// Weeks 1–4 kept; then Mon missed, Tue excused, Wed missed, Thu backup, Fri–Sun kept.
		const week5: Record<number, 'notToday' | 'excused' | 'backup'> = {
			28: 'notToday',
			29: 'excused',
			30: 'notToday',
			31: 'backup'
		};
		const doc = daily(35, (i) => week5[i] ?? 'kept');
		const change = scoreChange(readLedger(doc, plan, addDays(MONDAY, 34)), call);
		expect(change.delta).toBeLessThan(0);
		expect(change.sentence).toBe(
			`Down ${-change.delta}%: two missed days (Monday and Wednesday); the backup version on Thursday counted as half; kept on three days; the excused Tuesday didn't count.`
		);
		expect(change.sentence).not.toMatch(unkind);
	});

	test('a weekly quota speaks in weeks', () => {
		const doc = new Y.Doc();
		const gym = agreed(MONDAY, [behaviour('gym', { kind: 'timesPerWeek', times: 3 })]);
		run(doc, 'gym', MONDAY, 3, (i) => (i === 1 ? 'backup' : 'kept'));
		record(doc, 'gym', addDays(MONDAY, 8), 'kept');
		const change = scoreChange(readLedger(doc, gym, addDays(MONDAY, 9)), {
			clauseId: 'gym',
			partnerId: A
		});
		expect(change.sentence).toBe(
			`Up ${change.delta}%: 3 of 3 last week (one backup version counted as half); this week is still open (1 of 3 so far).`
		);
	});

	test('a boundary names its lapses', () => {
		const doc = new Y.Doc();
		const withLapse = agreed(
			MONDAY,
			[boundary('contact')],
			[{ clauseId: 'contact', day: addDays(MONDAY, 40) }]
		);
		const change = scoreChange(readLedger(doc, withLapse, addDays(MONDAY, 41)), {
			clauseId: 'contact',
			partnerId: A
		});
		expect(change.sentence).toBe('Down 1%: one lapse (Saturday); honoured on six days.');
		expect(change.sentence).not.toMatch(unkind);
	});
});
