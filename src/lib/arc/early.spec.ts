import { describe, expect, test } from 'vitest';
import { earlyDays, SCORE_READY_DAYS } from './early';
import { agreedSpace, at, record } from './fixtures';
import { readArc } from './read';

describe('the first weeks of the arc', () => {
	test('on day one, after keeping everything: one day kept, 100% follow-through, a date for the score', () => {
		const { a, clauseId } = agreedSpace();
		record(a, clauseId, '2026-03-02', ['kept']);
		const early = earlyDays(readArc(a, at('2026-03-02', '22:00')));
		expect(early).toEqual({
			days: 1,
			daysKept: 1,
			followThrough: 1,
			readyOn: '2026-04-01'
		});
	});

	test('a day not kept counts in follow-through, and kept days are only those with something kept', () => {
		const { a, clauseId } = agreedSpace();
		record(a, clauseId, '2026-03-02', ['kept', 'notToday', 'backup', 'kept']);
		const early = earlyDays(readArc(a, at('2026-03-05', '22:00')));
		expect(early?.days).toBe(4);
		expect(early?.daysKept).toBe(3);
		expect(early?.followThrough).toBeCloseTo(2.5 / 4);
	});

	test(`after ${SCORE_READY_DAYS} days the score speaks for itself`, () => {
		const { a, clauseId } = agreedSpace();
		record(a, clauseId, '2026-03-02', Array(SCORE_READY_DAYS).fill('kept'));
		expect(earlyDays(readArc(a, at('2026-03-31', '22:00')))).toEqual(
			expect.objectContaining({ days: SCORE_READY_DAYS, daysKept: SCORE_READY_DAYS })
		);
		expect(earlyDays(readArc(a, at('2026-04-01', '22:00')))).toBeNull();
	});
});
