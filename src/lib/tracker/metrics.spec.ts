import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { addDays, atTime } from '../core/calendar';
import { A, agreed, B, behaviour, boundary, MONDAY, record, run } from './fixtures';
import { markHardDay } from './hard-days';
import { readLedger } from './ledger';
import { backupReview, boundariesHonoured, calendar, followThrough, weeklyTrend } from './metrics';
import { punctuality } from './punctuality';
import { exchange } from '../test/peers';

describe('weekly follow-through', () => {
	const plan = agreed(MONDAY, [
		behaviour('call'),
		behaviour('gym', { kind: 'timesPerWeek', times: 3 }),
		boundary('contact')
	]);

	test('kept ÷ expected: backup counts half, excused is not expected, unrecorded past days are missed', () => {
		const doc = new Y.Doc();
		const week = ['kept', 'kept', 'backup', 'excused', 'kept', undefined, 'kept'] as const;
		run(doc, 'call', MONDAY, 7, (i) => week[i]);
		const { byClause } = followThrough(readLedger(doc, plan, addDays(MONDAY, 7)), MONDAY);
		expect(byClause.get('call')).toEqual({
			expected: 6,
			kept: 4,
			backup: 1,
			excused: 1,
			missed: 1,
			credit: 4.5,
			rate: 4.5 / 6
		});
	});

	test('today is not expected until something is recorded', () => {
		const doc = new Y.Doc();
		record(doc, 'call', MONDAY, 'kept');
		const tuesday = addDays(MONDAY, 1);
		expect(followThrough(readLedger(doc, plan, tuesday)).byClause.get('call')).toMatchObject({
			expected: 1,
			missed: 0,
			rate: 1
		});
	});

	test('a quota is missed only once its week is over; extras never pass 100%', () => {
		const doc = new Y.Doc();
		record(doc, 'gym', MONDAY, 'kept');
		const midweek = followThrough(readLedger(doc, plan, addDays(MONDAY, 3)));
		expect(midweek.byClause.get('gym')).toMatchObject({ expected: 1, kept: 1, missed: 0, rate: 1 });
		const over = followThrough(readLedger(doc, plan, addDays(MONDAY, 7)), MONDAY);
		expect(over.byClause.get('gym')).toMatchObject({
			expected: 3,
			kept: 1,
			missed: 2,
			rate: 1 / 3
		});

		const keen = new Y.Doc();
		run(keen, 'gym', MONDAY, 5, 'kept');
		const full = followThrough(readLedger(keen, plan, addDays(MONDAY, 7)), MONDAY);
		expect(full.byClause.get('gym')).toMatchObject({ expected: 3, kept: 5, credit: 3, rate: 1 });
	});

	test('overall sums the behaviours (boundaries have their own measure); a trend per week', () => {
		const doc = new Y.Doc();
		run(doc, 'call', MONDAY, 14, 'kept');
		run(doc, 'gym', MONDAY, 3, 'kept');
		const ledger = readLedger(doc, plan, addDays(MONDAY, 14));
		expect(followThrough(ledger, MONDAY).overall).toMatchObject({
			expected: 10,
			kept: 10,
			rate: 1
		});
		const trend = weeklyTrend(ledger, 3);
		expect(trend.map((w) => w.week)).toEqual([MONDAY, addDays(MONDAY, 7), addDays(MONDAY, 14)]);
		expect(trend.map((w) => w.overall.rate)).toEqual([1, 7 / 10, null]);
	});
});

describe('boundaries honoured', () => {
	test('kept 27 of the last 28 days, and excused days said plainly', () => {
		const doc = new Y.Doc();
		const lapses = [{ clauseId: 'contact', day: addDays(MONDAY, 30) }];
		const plan = agreed(MONDAY, [boundary('contact'), boundary('voices', 'both')], lapses);
		record(doc, 'voices', addDays(MONDAY, 33), 'excused', B);
		const reports = boundariesHonoured(readLedger(doc, plan, addDays(MONDAY, 40)));
		expect(reports.map((r) => [r.commitment.id, r.track.partnerId, r.sentence])).toEqual([
			['contact', A, 'kept 27 of the last 28 days'],
			['voices', A, 'kept 28 of the last 28 days'],
			['voices', B, 'kept 27 of the last 28 days; one day excused']
		]);
		expect(reports[0].lapses).toEqual([addDays(MONDAY, 30)]);
	});

	test('a young boundary counts since it began', () => {
		const doc = new Y.Doc();
		const [report] = boundariesHonoured(
			readLedger(doc, agreed(MONDAY, [boundary('contact')]), addDays(MONDAY, 9))
		);
		expect(report.sentence).toBe('kept 10 of 10 days since it began');
	});
});

test('backups used are listed for review, with the hard days they helped', () => {
	const doc = new Y.Doc();
	const plan = agreed(MONDAY, [behaviour('call')]);
	markHardDay(doc, A, addDays(MONDAY, 1));
	run(doc, 'call', MONDAY, 3, (i) => (i ? 'backup' : 'kept'));
	const review = backupReview(readLedger(doc, plan, addDays(MONDAY, 3)), MONDAY);
	expect(review.map((r) => [r.slot.day, r.hardDay])).toEqual([
		[addDays(MONDAY, 1), true],
		[addDays(MONDAY, 2), false]
	]);
});

test('backups used on one day are listed in the same order on both devices', () => {
	const [alex, sam] = [new Y.Doc(), new Y.Doc()];
	const plan = agreed(MONDAY, [behaviour('call'), behaviour('walk', { kind: 'daily' }, B)]);
	record(alex, 'call', MONDAY, 'backup', A);
	record(sam, 'walk', MONDAY, 'backup', B);
	exchange(alex, sam); // each device holds its own entry first
	const order = (doc: Y.Doc) =>
		backupReview(readLedger(doc, plan, addDays(MONDAY, 1)), MONDAY).map((r) => r.slot.clauseId);
	expect(order(alex)).toEqual(order(sam));
});

test('the calendar gives each day its credit; a quota is never a miss on a single day', () => {
	const doc = new Y.Doc();
	const plan = agreed(MONDAY, [
		behaviour('call'),
		behaviour('gym', { kind: 'timesPerWeek', times: 3 })
	]);
	run(doc, 'call', MONDAY, 3, (i) => (['kept', 'backup', 'notToday'] as const)[i]);
	record(doc, 'gym', MONDAY, 'kept');
	const days = calendar(readLedger(doc, plan, addDays(MONDAY, 3)), MONDAY);
	expect(days.map((d) => [d.expected, d.credit])).toEqual([
		[2, 2],
		[1, 0.5],
		[1, 0],
		[0, 0]
	]);
	expect(days[3].rate).toBeNull();
});

test('punctuality: share within grace, median lateness, postponed in time is not late', () => {
	const at = (t: string) => atTime(MONDAY, t);
	const result = punctuality(
		[
			{ plannedAt: at('19:00'), startedAt: at('19:05') },
			{ plannedAt: at('19:00'), startedAt: at('19:20') },
			{ plannedAt: at('19:00'), startedAt: at('18:58') },
			{ plannedAt: at('19:00'), postponed: { at: at('12:00') } },
			{ plannedAt: at('19:00') },
			{ plannedAt: at('23:30') }
		],
		10,
		at('23:00')
	);
	expect(result).toEqual({
		considered: 4,
		onTime: 2,
		share: 0.5,
		medianLateMinutes: 5,
		postponedInTime: 1,
		notHeld: 1
	});
});
