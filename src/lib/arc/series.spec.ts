import { describe, expect, test } from 'vitest';
import { logSetback } from '../setbacks';
import { exchange } from '../test/peers';
import { multiplier } from '../tracker/analysis';
import { agreedSpace, ANA, at, BEN, holdCheckin, record, row } from './fixtures';
import { readArc } from './read';
import { fold, total, trackId } from './series';

/** Loop's score after these daily values, step by step, as the tracker defines it. */
function loop(values: number[], start = 0): number {
	const m = multiplier(1);
	return values.reduce((s, v) => s * m + v * (1 - m), start);
}

/**
 * Three weeks of Ana's daily call: week 1 kept Monday to Friday, the backup version on Saturday,
 * nothing on Sunday; week 2 kept every day; week 3 (today is its Wednesday) kept Monday and
 * Tuesday. Check-ins on both Sundays: on time in week 1 (Ana 4, Ben 6), half an hour late in
 * week 2 (Ana 5, Ben chose not to say). One setback on Tuesday of week 2.
 */
function threeWeeks() {
	const s = agreedSpace();
	record(s.a, s.clauseId, '2026-03-02', [
		'kept',
		'kept',
		'kept',
		'kept',
		'kept',
		'backup',
		null,
		...Array<'kept'>(7).fill('kept'),
		'kept',
		'kept'
	]);
	holdCheckin(s, '2026-03-02', '20:05', { ana: 4, ben: 6 });
	holdCheckin(s, '2026-03-09', '20:30', { ana: 5, ben: null });
	logSetback(
		s.b,
		{ by: BEN, whatHappened: 'A raised voice at dinner', day: '2026-03-10' },
		[ANA, BEN],
		at('2026-03-10', '22:00')
	);
	exchange(s.a, s.b);
	return { ...s, now: at('2026-03-18', '12:00') };
}

describe('weekly rows', () => {
	test('each week holds its follow-through, felt safety per partner, check-ins and setbacks', () => {
		const s = threeWeeks();
		const arc = readArc(s.a, s.now);
		expect(arc.start).toBe('2026-03-02');
		expect(arc.firstEntry).toBe('2026-03-02');
		expect(arc.rows.map((r) => r.week)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
		const [w1, w2, w3] = arc.rows;
		// Week 1: seven days due; five kept and one backup version (half) = 5.5 of 7.
		expect(w1.followThrough).toEqual({ expected: 7, credit: 5.5, kept: 5, backup: 1 });
		expect(w2.followThrough).toEqual({ expected: 7, credit: 7, kept: 7, backup: 0 });
		// Today (Wednesday) counts only once something is recorded: Monday and Tuesday so far.
		expect(w3.followThrough).toEqual({ expected: 2, credit: 2, kept: 2, backup: 0 });
		expect(w1.feltSafety).toEqual(
			new Map([
				[ANA, [4]],
				[BEN, [6]]
			])
		);
		expect(w2.feltSafety).toEqual(new Map([[ANA, [5]]]));
		expect(w1.checkins).toEqual({ considered: 1, held: 1, onTime: 1 });
		expect(w2.checkins).toEqual({ considered: 1, held: 1, onTime: 0 });
		expect(w3.checkins).toEqual({ considered: 0, held: 0, onTime: 0 });
		expect([w1.setbacks, w2.setbacks, w3.setbacks]).toEqual([0, 1, 0]);
	});

	test('the score is the tracker’s, taken at the end of each week (today for this week)', () => {
		const s = threeWeeks();
		const arc = readArc(s.a, s.now);
		const key = trackId(s.clauseId, ANA);
		const week1 = [1, 1, 1, 1, 1, 0.5, 0];
		const week2 = [1, 1, 1, 1, 1, 1, 1];
		expect(arc.rows[0].trackScores.get(key)).toBeCloseTo(loop(week1), 12);
		expect(arc.rows[1].trackScores.get(key)).toBeCloseTo(loop([...week1, ...week2]), 12);
		// Wednesday has nothing recorded yet: no step for today.
		expect(arc.rows[2].trackScores.get(key)).toBeCloseTo(loop([...week1, ...week2, 1, 1]), 12);
		// One track in force: the overall score is that track's.
		expect(arc.rows[2].score).toBe(arc.rows[2].trackScores.get(key));
	});

	test('markers: the agreed version opens its page, the setback its own', () => {
		const s = threeWeeks();
		const arc = readArc(s.b, s.now);
		const version = arc.markers.find((m) => m.kind === 'version');
		expect(version).toMatchObject({
			day: '2026-03-02',
			label: 'Version 1',
			href: `/contract/versions/${s.version.id}`
		});
		const setback = arc.markers.find((m) => m.kind === 'setback');
		expect(setback?.day).toBe('2026-03-10');
		expect(setback?.href).toBe(`/setbacks/${setback?.id}`);
		expect(setback?.label).toBe('A raised voice at dinner');
		// Both devices read the same arc.
		const other = readArc(s.a, s.now);
		expect(other.markers.map((m) => m.id)).toEqual(arc.markers.map((m) => m.id));
	});
});

describe('folding weeks into months and years', () => {
	test('a month adds up its weeks, keeps the score at its end, and each partner apart', () => {
		const s = threeWeeks();
		const arc = readArc(s.a, s.now);
		const [march] = fold(arc.rows, 'months');
		expect(march.key).toBe('2026-03-01');
		expect(march.from).toBe('2026-03-02');
		expect(march.to).toBe('2026-03-22');
		expect(march.weeks).toBe(3);
		expect(march.followThrough).toEqual({
			expected: 16,
			credit: 14.5,
			kept: 14,
			backup: 1,
			rate: 14.5 / 16
		});
		expect(march.score).toBe(arc.rows[2].score);
		// Ana: (4 + 5) / 2 over two answers; Ben: one answer of 6. Never one number for both.
		expect(march.feltSafety).toEqual(
			new Map([
				[ANA, { mean: 4.5, n: 2 }],
				[BEN, { mean: 6, n: 1 }]
			])
		);
		expect(march.checkins).toEqual({ considered: 2, held: 2, onTime: 1 });
		expect(march.setbacks).toBe(1);
	});

	test('weeks belong to the month and year their Monday is in', () => {
		const rows = [
			row('2025-12-22', { expected: 4, credit: 4 }, { score: 0.5 }),
			row('2025-12-29', { expected: 4, credit: 2 }, { score: 0.6 }),
			row('2026-01-05', { expected: 4, credit: 3 }, { score: 0.7 })
		];
		const months = fold(rows, 'months');
		expect(months.map((b) => [b.key, b.from, b.to, b.followThrough.rate, b.score])).toEqual([
			['2025-12-01', '2025-12-22', '2026-01-04', 6 / 8, 0.6],
			['2026-01-01', '2026-01-05', '2026-01-11', 3 / 4, 0.7]
		]);
		expect(fold(rows, 'years').map((b) => [b.key, b.weeks])).toEqual([
			['2025-01-01', 2],
			['2026-01-01', 1]
		]);
		expect(fold(rows, 'weeks').map((b) => b.key)).toEqual(rows.map((r) => r.week));
		expect(total(rows)?.followThrough).toMatchObject({ expected: 12, credit: 9 });
		expect(total([])).toBeUndefined();
	});

	test('felt safety is averaged over time for one person only', () => {
		const rows = [
			row('2026-03-02', { expected: 0, credit: 0 }, { safety: { [ANA]: [2], [BEN]: [9] } }),
			row('2026-03-09', { expected: 0, credit: 0 }, { safety: { [ANA]: [8] } })
		];
		const [march] = fold(rows, 'months');
		expect([...march.feltSafety.keys()].sort()).toEqual([ANA, BEN].sort());
		expect(march.feltSafety.get(ANA)).toEqual({ mean: 5, n: 2 });
		expect(march.feltSafety.get(BEN)).toEqual({ mean: 9, n: 1 });
		expect(march.followThrough.rate).toBeNull();
	});
});
