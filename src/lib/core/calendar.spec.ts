import { afterEach, describe, expect, test } from 'vitest';
import {
	addDays,
	atTime,
	daysBetween,
	daysFrom,
	isDay,
	toClockTime,
	toDay,
	weekday,
	weekStart
} from './calendar';

const original = process.env.TZ;
afterEach(() => {
	process.env.TZ = original;
});

describe('toDay: the device-local calendar day', () => {
	// 04:30 UTC on 3 March 2026: still the evening of the 2nd in New York, morning of the 3rd in Berlin.
	const instant = Date.UTC(2026, 2, 3, 4, 30);

	test('the same instant is a different day in different zones', () => {
		process.env.TZ = 'America/New_York';
		expect(toDay(instant)).toBe('2026-03-02');
		expect(toClockTime(instant)).toBe('23:30');
		process.env.TZ = 'Europe/Berlin';
		expect(toDay(instant)).toBe('2026-03-03');
		process.env.TZ = 'Pacific/Auckland';
		expect(toDay(instant)).toBe('2026-03-03');
	});

	test('a minute either side of local midnight falls on either day', () => {
		process.env.TZ = 'Europe/Berlin';
		const midnight = atTime('2026-03-03', '00:00');
		expect(toDay(midnight - 60_000)).toBe('2026-03-02');
		expect(toDay(midnight)).toBe('2026-03-03');
	});

	test('DST changes never move a day', () => {
		for (const [tz, day] of [
			['America/New_York', '2026-03-08'],
			['Europe/Berlin', '2026-03-29'],
			['Europe/Berlin', '2026-10-25']
		]) {
			process.env.TZ = tz;
			expect(toDay(atTime(day, '00:00'))).toBe(day);
			expect(toDay(atTime(day, '23:59'))).toBe(day);
			expect(addDays(day, 1)).toBe(addDays(addDays(day, 2), -1));
		}
	});
});

test('day arithmetic is plain calendar arithmetic', () => {
	expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
	expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
	expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
	expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
	expect(daysBetween('2026-03-10', '2026-03-02')).toBe(-8);
	expect(daysFrom('2026-03-30', '2026-04-02')).toEqual([
		'2026-03-30',
		'2026-03-31',
		'2026-04-01',
		'2026-04-02'
	]);
});

test('weeks start on Monday; weekdays count from Sunday', () => {
	expect(weekday('2026-03-01')).toBe(0);
	expect(weekday('2026-03-02')).toBe(1);
	expect(weekStart('2026-03-01')).toBe('2026-02-23');
	expect(weekStart('2026-03-02')).toBe('2026-03-02');
	expect(weekStart('2026-03-08')).toBe('2026-03-02');
});

test('isDay accepts only real calendar days', () => {
	expect(isDay('2026-03-02')).toBe(true);
	expect(isDay('2026-02-30')).toBe(false);
	expect(isDay('2026-3-2')).toBe(false);
	expect(isDay(20260302)).toBe(false);
});
