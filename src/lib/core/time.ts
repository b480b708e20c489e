/**
 * The app's one way of writing times and dates: in the person's own language and habits (the
 * browser's locale, through Intl), so "1:42 PM" or "13:42" is the same on every screen.
 * Formatters are made once, on first use: building one per call costs a list of years dearly.
 * Instants are epoch milliseconds; days are `YYYY-MM-DD`, written at noon so no zone shifts them.
 */
import type { Day, Instant } from '../schema';
import { atTime, daysBetween, toDay, type ClockTime } from './calendar';

type Options = Intl.DateTimeFormatOptions;
const made = new Map<string, Intl.DateTimeFormat>();

/** One formatter per style, in the person's locale (or `locale`, for tests). */
function format(style: string, options: Options, locale?: string): Intl.DateTimeFormat {
	const key = `${locale ?? ''}|${style}`;
	let f = made.get(key);
	if (!f) made.set(key, (f = new Intl.DateTimeFormat(locale, options)));
	return f;
}

const STYLES = {
	clock: { timeStyle: 'short' },
	longDate: { day: 'numeric', month: 'long', year: 'numeric' },
	weekdayDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
	weekdayDay: { weekday: 'long', day: 'numeric', month: 'long' },
	shortWeekdayDay: { weekday: 'short', day: 'numeric', month: 'short' },
	shortDate: { day: 'numeric', month: 'short', year: 'numeric' },
	dayMonth: { day: 'numeric', month: 'long' },
	shortDayMonth: { day: 'numeric', month: 'short' },
	month: { month: 'long', year: 'numeric' },
	shortMonth: { month: 'short' }
} satisfies Record<string, Options>;

/** A style of writing a date or time. */
export type Style = keyof typeof STYLES;

/** An instant in one style, e.g. `write(at, 'longDate')` → "3 March 2026". */
export function write(at: Instant, style: Style, locale?: string): string {
	return format(style, STYLES[style], locale).format(at);
}

/** A calendar day in one style (read at noon, so no time zone moves it). */
export function writeDay(day: Day, style: Style, locale?: string): string {
	return write(atTime(day, '12:00'), style, locale);
}

/** "3 Mar": a day, short. */
export function dayMonth(day: Day, locale?: string): string {
	return writeDay(day, 'shortDayMonth', locale);
}

/** "Tue, 3 Mar": a day with its weekday, short. */
export function shortDay(day: Day, locale?: string): string {
	return writeDay(day, 'shortWeekdayDay', locale);
}

/** "Tuesday, 3 March": a day with its weekday. */
export function longDay(day: Day, locale?: string): string {
	return writeDay(day, 'weekdayDay', locale);
}

/** "3 March 2026": a day in full. */
export function dayDate(day: Day, locale?: string): string {
	return writeDay(day, 'longDate', locale);
}

/** "March 2026": a month (`YYYY-MM`). */
export function monthWords(month: string, locale?: string): string {
	return writeDay(`${month}-01`, 'month', locale);
}

/** "8 March": the date of an instant. */
export function dateWords(at: Instant, locale?: string): string {
	return write(at, 'dayMonth', locale);
}

/** "3 March 2026": the date of an instant in full. */
export function longDate(at: Instant, locale?: string): string {
	return write(at, 'longDate', locale);
}

/** "Tuesday 3 March 2026": the date of an instant with its weekday. */
export function weekdayDate(at: Instant, locale?: string): string {
	return write(at, 'weekdayDate', locale);
}

/** "3 Mar 2026": the date of an instant, short. */
export function shortDate(at: Instant, locale?: string): string {
	return write(at, 'shortDate', locale);
}

/** The time of day of an instant: "1:42 PM" or "13:42", as the person writes times. */
export function clock(at: Instant, locale?: string): string {
	return write(at, 'clock', locale);
}

/** A stored wall-clock time (`HH:MM`, e.g. a schedule's "20:00") as the person writes times. */
export function clockTime(time: ClockTime, locale?: string): string {
	const [hh, mm] = time.split(':').map(Number);
	return clock(new Date(2000, 0, 1, hh, mm).getTime(), locale);
}

const RELATIVE: Record<number, string> = { [-1]: 'yesterday', 0: 'today', 1: 'tomorrow' };

/** "today at 1:42 PM", "yesterday at 20:00", or "Sunday, 8 March at 20:00". */
export function when(at: Instant, now: Instant = Date.now(), locale?: string): string {
	const apart = daysBetween(toDay(now), toDay(at));
	const day = RELATIVE[apart] ?? write(at, 'weekdayDay', locale);
	return `${day} at ${clock(at, locale)}`;
}

/** "just now", "4 minutes ago", "yesterday" … */
export function timeAgo(then: number, now: number): string {
	const s = Math.max(0, Math.round((now - then) / 1000));
	if (s < 45) return 'just now';
	const m = Math.round(s / 60);
	if (m < 60) return m === 1 ? 'a minute ago' : `${m} minutes ago`;
	const h = Math.round(m / 60);
	if (h < 24) return h === 1 ? 'an hour ago' : `${h} hours ago`;
	const d = Math.round(h / 24);
	if (d === 1) return 'yesterday';
	if (d < 30) return `${d} days ago`;
	const mo = Math.round(d / 30);
	return mo === 1 ? 'a month ago' : `${mo} months ago`;
}
