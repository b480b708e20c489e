import { describe, expect, test } from 'vitest';
import { clock, clockTime, when, write, writeDay } from './time';

const at = new Date(2026, 2, 3, 13, 42).getTime();

describe('one way of writing a time', () => {
	test('a time of day follows the locale, the same for an instant and a stored time', () => {
		expect(clock(at, 'en-US')).toBe('1:42 PM');
		expect(clockTime('13:42', 'en-US')).toBe('1:42 PM');
		expect(clock(at, 'en-GB')).toBe('13:42');
		expect(clockTime('13:42', 'en-GB')).toBe('13:42');
		expect(clock(at, 'de-DE')).toBe('13:42');
	});

	test('relative days and dates in the locale', () => {
		const now = new Date(2026, 2, 3, 18, 0).getTime();
		expect(when(at, now, 'en-US')).toBe('today at 1:42 PM');
		expect(when(at - 86_400_000, now, 'en-GB')).toBe('yesterday at 13:42');
		expect(write(at, 'longDate', 'en-GB')).toBe('3 March 2026');
		expect(write(at, 'longDate', 'en-US')).toBe('March 3, 2026');
		expect(writeDay('2026-03-03', 'shortDayMonth', 'en-GB')).toBe('3 Mar');
	});
});
