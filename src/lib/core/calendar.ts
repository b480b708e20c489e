/**
 * Calendar days as `YYYY-MM-DD` strings on the device's own calendar. Arithmetic runs on whole
 * day numbers (days since 1970-01-01), so no Date is ever stored and DST never shifts a day.
 */
import type { Day, Instant } from '../schema';

/** A wall-clock time of day, `HH:MM` (24 h). */
export type ClockTime = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm: exact, no Date). */
function fromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

/** The day number of a day string. */
export function dayNumber(day: Day): number {
	const m = DAY_RE.exec(day);
	if (!m) throw new RangeError(`Not a day: ${day}`);
	return fromCivil(+m[1], +m[2], +m[3]);
}

/** The day string of a day number. */
export function dayOfNumber(n: number): Day {
	const z = n + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp + (mp < 10 ? 3 : -9);
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

function pad(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

/** True for a well-formed, real calendar day (rejects 2026-02-30). */
export function isDay(value: unknown): value is Day {
	return typeof value === 'string' && DAY_RE.test(value) && dayOfNumber(dayNumber(value)) === value;
}

/** True for a `YYYY-MM-DD`-shaped string: the cheap check for reading stored records. */
export function isDayShaped(value: unknown): value is Day {
	return typeof value === 'string' && value.length === 10 && DAY_RE.test(value);
}

/** True for a well-formed `HH:MM`. */
export function isClockTime(value: unknown): value is ClockTime {
	return typeof value === 'string' && TIME_RE.test(value);
}

/** The local calendar day an instant falls on, in the device's current time zone. */
export function toDay(instant: Instant): Day {
	// A transient Date is the only way to read the device's zone (and its DST rules) for an instant.
	const d = new Date(instant);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local wall-clock time of an instant, `HH:MM`. */
export function toClockTime(instant: Instant): ClockTime {
	const d = new Date(instant);
	return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a local day reaches a wall-clock time (DST gaps resolve the way the platform does). */
export function atTime(day: Day, time: ClockTime = '00:00'): Instant {
	const [y, m, d] = day.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	return new Date(y, m - 1, d, hh, mm).getTime();
}

/** Minutes since local midnight for `HH:MM`. */
export function minutesOf(time: ClockTime): number {
	const [hh, mm] = time.split(':').map(Number);
	return hh * 60 + mm;
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: Day, n: number): Day {
	return dayOfNumber(dayNumber(day) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
	return dayNumber(to) - dayNumber(from);
}

/** Weekday of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfNumber(n: number): number {
	return (((n + 4) % 7) + 7) % 7;
}

/** Weekday of a day, 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
	return weekdayOfNumber(dayNumber(day));
}

/** Day number of the Monday that starts the week holding day number `n`. */
export function weekStartNumber(n: number): number {
	return n - ((weekdayOfNumber(n) + 6) % 7);
}

/** The Monday that starts the week holding `day` (weeks run Monday to Sunday). */
export function weekStart(day: Day): Day {
	return dayOfNumber(weekStartNumber(dayNumber(day)));
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: Day, to: Day): Day[] {
	const out: Day[] = [];
	for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) out.push(dayOfNumber(n));
	return out;
}

/** The weekdays' English names, 0 = Sunday … 6 = Saturday (a schedule's `weekday` indexes it). */
export const WEEKDAYS = [
	'Sunday',
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday'
] as const;

/** The English weekday name of a day ("Tuesday"). */
export function weekdayName(day: Day): string {
	return WEEKDAYS[weekday(day)];
}
