import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { addDays } from '../core/calendar';
import { A, agreed, B, behaviour, boundary, MONDAY, record } from './fixtures';
import { markHardDay } from './hard-days';
import { entriesFor, entriesOn, readLedger, type Agreement } from './ledger';
import { followThrough } from './metrics';
import { dueOn, openOn } from './schedule';

const ids = (items: { commitment: { id: string } }[]) => items.map((i) => i.commitment.id);

describe('what is due on a day', () => {
	const plan = agreed(MONDAY, [
		behaviour('call', { kind: 'daily', byTime: '20:00' }),
		behaviour('reply'),
		behaviour('gym', { kind: 'timesPerWeek', times: 3 }),
		behaviour('calendar', { kind: 'weekly', weekday: 0 }),
		behaviour('walk', { kind: 'timesPerWeek', times: 2 }, 'both'),
		boundary('contact')
	]);

	test('daily every day, weekly on its weekday, boundaries last, each partner their own', () => {
		const doc = new Y.Doc();
		const ledger = readLedger(doc, plan, MONDAY);
		expect(ids(dueOn(ledger, MONDAY, A))).toEqual(['call', 'reply', 'gym', 'walk', 'contact']);
		expect(ids(dueOn(ledger, addDays(MONDAY, 6), A))).toContain('calendar');
		expect(ids(dueOn(ledger, MONDAY, B))).toEqual(['walk']);
	});

	test('n times a week is due until the count is reached, with progress', () => {
		const doc = new Y.Doc();
		record(doc, 'gym', MONDAY, 'kept');
		record(doc, 'gym', addDays(MONDAY, 2), 'backup');
		const thursday = addDays(MONDAY, 3);
		const gym = () =>
			dueOn(readLedger(doc, plan, thursday), thursday, A).find((i) => i.commitment.id === 'gym');
		expect(gym()?.progress?.label).toBe('2 of 3 this week');
		record(doc, 'gym', thursday, 'kept');
		expect(gym()?.progress?.label).toBe('3 of 3 this week');
		expect(gym()?.slot?.outcome).toBe('kept');
		const friday = addDays(MONDAY, 4);
		expect(ids(dueOn(readLedger(doc, plan, friday), friday, A))).not.toContain('gym');
		// A new week starts from zero.
		const next = addDays(MONDAY, 7);
		expect(
			dueOn(readLedger(doc, plan, next), next, A).find((i) => i.commitment.id === 'gym')?.progress
				?.label
		).toBe('0 of 3 this week');
	});

	test('a weekly commitment done early is not due again on its day', () => {
		const doc = new Y.Doc();
		record(doc, 'calendar', addDays(MONDAY, 5), 'kept');
		const sunday = addDays(MONDAY, 6);
		expect(ids(dueOn(readLedger(doc, plan, sunday), sunday, A))).not.toContain('calendar');
	});

	test('a boundary is honoured unless a lapse is logged', () => {
		const doc = new Y.Doc();
		const withLapse: Agreement = { ...plan, lapses: [{ clauseId: 'contact', day: MONDAY }] };
		const item = (p: Agreement, day: string) =>
			dueOn(readLedger(doc, p, day), day, A).find((i) => i.commitment.id === 'contact');
		expect(item(withLapse, MONDAY)?.lapsed).toBe(true);
		expect(item(withLapse, addDays(MONDAY, 1))?.lapsed).toBe(false);
	});

	test('a hard day leads with the backup versions', () => {
		const doc = new Y.Doc();
		markHardDay(doc, A, MONDAY);
		const ledger = readLedger(doc, plan, MONDAY);
		const call = dueOn(ledger, MONDAY, A).find((i) => i.commitment.id === 'call');
		expect(call?.useBackup).toBe(true);
		expect(call?.commitment.backup).toBe('A little call');
		expect(dueOn(ledger, MONDAY, B).every((i) => !i.useBackup)).toBe(true);
	});

	test('a behaviour without a timeline yet is not tracked', () => {
		const undecided = { ...behaviour('someday'), timeline: null };
		const ledger = readLedger(
			new Y.Doc(),
			agreed(MONDAY, [undecided, boundary('contact')]),
			MONDAY
		);
		expect(ids(dueOn(ledger, MONDAY, A))).toEqual(['contact']);
	});

	test('openOn lists only what still waits for a tap', () => {
		const doc = new Y.Doc();
		record(doc, 'call', MONDAY, 'kept');
		expect(ids(openOn(readLedger(doc, plan, MONDAY), MONDAY, A))).toEqual(['reply', 'gym', 'walk']);
	});
});

describe('the contract changing under the tracker', () => {
	test('a clause archived while entries point to it still shows its entries', () => {
		const doc = new Y.Doc();
		const agreement: Agreement = {
			partners: [A, B],
			periods: [
				{ from: MONDAY, commitments: [behaviour('call'), behaviour('phone')] },
				{ from: addDays(MONDAY, 3), commitments: [behaviour('call')] }
			]
		};
		for (let i = 0; i < 3; i++) record(doc, 'phone', addDays(MONDAY, i), 'kept');
		const ledger = readLedger(doc, agreement, addDays(MONDAY, 9));
		expect(ids(dueOn(ledger, addDays(MONDAY, 9), A))).toEqual(['call']);
		expect(entriesFor(ledger, 'phone')).toHaveLength(3);
		expect(entriesOn(ledger, MONDAY).map((s) => s.clauseId)).toEqual(['phone']);
		const week = followThrough(ledger, MONDAY);
		expect(week.byClause.get('phone')).toMatchObject({ expected: 3, kept: 3, rate: 1 });
	});

	test('a timeline changed mid-week judges each day by the version in force', () => {
		const doc = new Y.Doc();
		const agreement: Agreement = {
			partners: [A, B],
			periods: [
				{ from: MONDAY, commitments: [behaviour('call')] },
				{
					from: addDays(MONDAY, 3),
					commitments: [behaviour('call', { kind: 'timesPerWeek', times: 2 })]
				}
			]
		};
		for (let i = 0; i < 3; i++) record(doc, 'call', addDays(MONDAY, i), 'kept');
		record(doc, 'call', addDays(MONDAY, 5), 'kept');
		// Three this week already meet the new two-a-week: not due on Thursday; Saturday's entry shows.
		const thursday = addDays(MONDAY, 3);
		expect(dueOn(readLedger(doc, agreement, thursday), thursday, A)).toEqual([]);
		const saturday = addDays(MONDAY, 5);
		const progress = dueOn(readLedger(doc, agreement, saturday), saturday, A)[0].progress;
		expect(progress).toEqual({ done: 4, times: 2, label: '2 of 2 this week' });
		// Mon–Wed daily (3 expected) + Thu–Sun at 2/week (2·4/7 ≈ 1 expected).
		const week = followThrough(readLedger(doc, agreement, addDays(MONDAY, 7)), MONDAY);
		expect(week.overall).toMatchObject({ expected: 4, kept: 4, missed: 0, rate: 1 });
	});
});
