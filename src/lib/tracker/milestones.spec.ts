import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { addDays, atTime } from '../core/calendar';
import { A, agreed, behaviour, boundary, MONDAY, record, run } from './fixtures';
import { markHardDay } from './hard-days';
import { readLedger } from './ledger';
import { milestones } from './milestones';

const plan = agreed(MONDAY, [behaviour('call'), boundary('contact')]);

test('milestones come from the data, with stable ids', () => {
	const doc = new Y.Doc();
	// Week one has a miss on Wednesday; week two is whole. By hand, with that miss the score
	// first reaches 80% on day index 31 (0.807), a day later than a perfect run would.
	run(doc, 'call', MONDAY, 32, (i) => (i === 2 ? 'notToday' : 'kept'));
	markHardDay(doc, A, addDays(MONDAY, 4));
	const checkins = Array.from({ length: 10 }, (_, i) => {
		const plannedAt = atTime(addDays(MONDAY, 6 + 7 * i), '19:00');
		return { plannedAt, startedAt: plannedAt };
	});
	const today = addDays(MONDAY, 80);
	const found = milestones(readLedger(doc, plan, today), checkins);
	expect(found.map((m) => [m.id, m.day])).toEqual([
		[`hardDay:${A}:${addDays(MONDAY, 4)}`, addDays(MONDAY, 4)],
		['firstFullWeek', addDays(MONDAY, 13)],
		['boundaryDays:contact:alex:30', addDays(MONDAY, 29)],
		['score80:call:alex', addDays(MONDAY, 31)],
		['checkins:10', addDays(MONDAY, 69)]
	]);
	// Recomputed elsewhere (another device, another day), the same ids come back.
	const again = milestones(readLedger(doc, plan, addDays(today, 5)), checkins).map((m) => m.id);
	expect(again).toEqual(found.map((m) => m.id));
	expect(found.find((m) => m.kind === 'score80')?.text).toBe('“Do call” passed 80%.');
});

test('honoured days add up: a lapse delays a boundary milestone, it never resets it', () => {
	const doc = new Y.Doc();
	const withLapse = agreed(
		MONDAY,
		[boundary('contact')],
		[{ clauseId: 'contact', day: addDays(MONDAY, 20) }]
	);
	const found = milestones(readLedger(doc, withLapse, addDays(MONDAY, 40)));
	expect(found.map((m) => [m.id, m.day])).toEqual([
		['boundaryDays:contact:alex:30', addDays(MONDAY, 30)]
	]);
	expect(found[0].text).toBe('30 days of “Keep contact” honoured.');
});

test('a hundred kept, counted across clauses in day order', () => {
	const doc = new Y.Doc();
	const both = agreed(MONDAY, [behaviour('call'), behaviour('reply')]);
	run(doc, 'call', MONDAY, 30);
	run(doc, 'reply', MONDAY, 30);
	record(doc, 'reply', addDays(MONDAY, 30), 'kept');
	const kept = milestones(readLedger(doc, both, addDays(MONDAY, 31))).filter(
		(m) => m.kind === 'kept'
	);
	expect(kept.map((m) => [m.id, m.day])).toEqual([['kept:50', addDays(MONDAY, 24)]]);
});
