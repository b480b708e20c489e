import { describe, expect, test } from 'vitest';
import { addDays } from '../core/calendar';
import { ANA, BEN, row } from './fixtures';
import { changeOf, howFar, spanWords } from './compare';
import type { WeekRow } from './series';

const names = { nameOf: (id: string) => (id === ANA ? 'Ana' : 'Ben') };
const MONDAY = '2025-01-06';

/** `n` weeks from MONDAY, each made by `make(i)`. */
function weeks(n: number, make: (i: number, week: string) => WeekRow): WeekRow[] {
	return Array.from({ length: n }, (_, i) => make(i, addDays(MONDAY, 7 * i)));
}

describe('how far we have come', () => {
	test('with two weeks of entries it says it is early, and shows what there is so far', () => {
		const rows = weeks(3, (i, w) =>
			row(w, { expected: 7, credit: i === 0 ? 5 : 7 }, { safety: { [ANA]: [6] } })
		);
		// Today is the Wednesday of the third week: 17 days since the first entry.
		const far = howFar(rows, addDays(MONDAY, 16), [ANA, BEN], { ...names, firstEntry: MONDAY });
		expect(far.kind).toBe('early');
		expect(far.headline).toBe(
			'It’s early — two weeks of entries so far. The comparison begins once there are eight full weeks: your first four beside the latest four.'
		);
		expect(far.lines.map((l) => l.text)).toEqual([
			'Follow-through so far: 90%.',
			'Ana’s felt safety so far: 6.0 (average of three answers).'
		]);
	});

	test('a few days in, it counts days', () => {
		const rows = [row(MONDAY, { expected: 3, credit: 3 })];
		const far = howFar(rows, addDays(MONDAY, 4), [ANA, BEN], { ...names, firstEntry: MONDAY });
		expect(far.headline).toMatch(/^It’s early — five days of entries so far\./);
		expect(spanWords(1)).toBe('one day');
		expect(spanWords(13)).toBe('one week');
		expect(spanWords(14)).toBe('two weeks');
	});

	test('the first four weeks beside the last four, with numbers and measured words', () => {
		// 10 complete weeks and this one. First four: 4 of 7 each (57%); last four: 6.5 of 7 (93%).
		const rows = weeks(11, (i, w) => {
			const first = i < 4;
			const last = i >= 6 && i < 10;
			return row(
				w,
				{
					expected: 7,
					credit: first ? 4 : last ? 6.5 : 5,
					kept: first ? 4 : last ? 6 : 5,
					backup: last ? 1 : 0
				},
				{
					safety: first
						? { [ANA]: [i < 2 ? 4 : 5], [BEN]: i === 0 ? [5] : i === 1 ? [6] : [] }
						: last
							? { [ANA]: [i < 8 ? 6 : 7], [BEN]: i === 6 ? [6] : i === 7 ? [5] : [] }
							: {},
					checkins: { considered: 1, held: first && i === 0 ? 0 : 1, onTime: 1 },
					setbacks: first && i < 2 ? 1 : 0
				}
			);
		});
		const today = addDays(MONDAY, 7 * 10 + 2);
		const far = howFar(rows, today, [ANA, BEN], { ...names, dayWords: () => '6 January 2025' });
		expect(far.kind).toBe('compared');
		expect(far.first?.from).toBe(MONDAY);
		expect(far.last?.from).toBe(addDays(MONDAY, 7 * 6));
		expect(far.lines.map((l) => l.text)).toEqual([
			'Follow-through: 57% in your first four weeks, 93% in the last four — much higher.',
			'Ana’s felt safety: 4.5 in your first four weeks (average of four answers), 6.5 in the last four (average of four answers) — higher.',
			'Ben’s felt safety: 5.5 in your first four weeks (average of two answers), 5.5 in the last four (average of two answers) — about the same.',
			'Check-ins held: 3 of 4 in your first four weeks, 4 of 4 in the last four.',
			'Setbacks written down: 2 in your first four weeks, 0 in the last four — fewer.'
		]);
		expect(far.yearLines).toEqual([]);
		expect(far.anyLower).toBe(false);
		// 4·4 + 2·5 + 4·(6 + 1) + 5 this week = 59 kept (backups included); 10 held.
		expect(far.headline).toBe(
			'11 weeks on this road since the week of 6 January 2025: 59 commitments kept, ten check-ins held together.'
		);
	});

	test('a small change is "a little", and a dip is said plainly', () => {
		const rows = weeks(9, (i, w) => row(w, { expected: 10, credit: i < 4 ? 8 : i < 8 ? 7.4 : 5 }));
		const far = howFar(rows, addDays(MONDAY, 7 * 8 + 1), [ANA, BEN], names);
		expect(far.lines[0].text).toBe(
			'Follow-through: 80% in your first four weeks, 74% in the last four — a little lower.'
		);
		expect(far.lines[0].change).toBe('a little lower');
		expect(far.anyLower).toBe(true);
	});

	test('too little due to call a direction: the numbers, and no words beyond them', () => {
		const rows = weeks(9, (i, w) =>
			row(w, { expected: i < 4 ? (i === 0 ? 2 : 0) : 7, credit: i < 4 ? (i === 0 ? 1 : 0) : 7 })
		);
		const far = howFar(rows, addDays(MONDAY, 7 * 8 + 1), [ANA, BEN], names);
		expect(far.lines[0].change).toBeUndefined();
		expect(far.lines[0].text).toBe(
			'Follow-through: 50% in your first four weeks, 100% in the last four — too little was due to say more.'
		);
	});

	test('a partner who gave no number in one stretch is not compared', () => {
		const rows = weeks(9, (i, w) =>
			row(w, { expected: 7, credit: 7 }, { safety: i < 4 ? { [BEN]: [7] } : { [ANA]: [5] } })
		);
		const far = howFar(rows, addDays(MONDAY, 7 * 8 + 1), [ANA, BEN], names);
		const safety = far.lines.filter((l) => l.metric === 'feltSafety');
		expect(safety.map((l) => [l.partnerId, l.change, l.text])).toEqual([
			[
				ANA,
				undefined,
				'Ana’s felt safety: 5.0 in the last four (average of four answers); no number given in your first four weeks.'
			],
			[
				BEN,
				undefined,
				'Ben’s felt safety: 7.0 in your first four weeks (average of four answers); no number given in the last four.'
			]
		]);
	});

	test('once a year has passed, the last four weeks beside the same four weeks last year', () => {
		// 60 complete weeks; the last four are weeks 56–59, a year earlier weeks 4–7.
		const rows = weeks(61, (i, w) =>
			row(w, { expected: 10, credit: i >= 4 && i < 8 ? 7 : i >= 56 && i < 60 ? 8.5 : 9 })
		);
		const far = howFar(rows, addDays(MONDAY, 7 * 60 + 3), [ANA, BEN], names);
		expect(far.yearAgo?.from).toBe(addDays(MONDAY, 7 * 4));
		expect(far.last?.from).toBe(addDays(MONDAY, 7 * 56));
		expect(far.yearLines[0].text).toBe(
			'Follow-through: 70% in the same four weeks last year, 85% in the last four — higher.'
		);
		expect(far.lines[0].text).toBe(
			'Follow-through: 90% in your first four weeks, 85% in the last four — a little lower.'
		);
	});

	test('nothing at all', () => {
		expect(howFar([], MONDAY, [ANA, BEN], names)).toMatchObject({ kind: 'empty', lines: [] });
	});
});

test('changes are named by size, never more than they are', () => {
	const steps = [3, 10, 20] as const;
	expect([0, 2, -2.9, 3, 9, 10, 19, 20, 45, -12].map((d) => changeOf(d, steps))).toEqual([
		'about the same',
		'about the same',
		'about the same',
		'a little higher',
		'a little higher',
		'higher',
		'higher',
		'much higher',
		'much higher',
		'lower'
	]);
});
