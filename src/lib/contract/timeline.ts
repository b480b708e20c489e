/** When a clause is due: its cadence, and optionally a time of day. Stored as plain JSON. */
import { isClockTime, WEEKDAYS } from '../core/calendar';
import { clockTime } from '../core/time';

/** A day of the week, 0 = Sunday … 6 = Saturday (as `Date.prototype.getDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A clause's cadence; `byTime` is 'HH:MM' on the device's clock. A boundary is always 'always'. */
export type Timeline =
	| { kind: 'daily'; byTime?: string }
	| { kind: 'timesPerWeek'; times: number; byTime?: string }
	| { kind: 'weekly'; weekday: Weekday; byTime?: string }
	| { kind: 'always'; byTime?: string };

/** The most times a week a `timesPerWeek` cadence can ask for (more than that is 'daily'). */
export const MAX_TIMES_PER_WEEK = 7;

/** True for a valid 'HH:MM' time of day (00:00 to 23:59). */
export const isTimeOfDay = isClockTime;

/**
 * A valid timeline from stored or typed data, with a fixed key order (so hashes are stable), or
 * null when it is missing or malformed. Readers treat null as "no timeline chosen yet".
 */
export function readTimeline(value: unknown): Timeline | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	const byTime = isTimeOfDay(v.byTime) ? { byTime: v.byTime } : {};
	switch (v.kind) {
		case 'daily':
			return { kind: 'daily', ...byTime };
		case 'always':
			return { kind: 'always', ...byTime };
		case 'timesPerWeek': {
			const times = v.times;
			const ok = Number.isInteger(times) && (times as number) >= 1;
			return ok
				? { kind: 'timesPerWeek', times: Math.min(times as number, MAX_TIMES_PER_WEEK), ...byTime }
				: null;
		}
		case 'weekly': {
			const weekday = v.weekday;
			const ok = Number.isInteger(weekday) && (weekday as number) >= 0 && (weekday as number) <= 6;
			return ok ? { kind: 'weekly', weekday: weekday as Weekday, ...byTime } : null;
		}
		default:
			return null;
	}
}

/**
 * A short English description: "Daily by 8:00 PM", "3 times a week", "Every Sunday", "Always".
 * The time is written the person's way (`core/time.ts`) unless `writeTime` says otherwise (the
 * Markdown export keeps `20:00`, as it keeps ISO dates).
 */
export function describeTimeline(
	timeline: Timeline | null | undefined,
	writeTime: (time: string) => string = clockTime
): string {
	if (!timeline) return 'No timeline yet';
	const by = timeline.byTime ? ` by ${writeTime(timeline.byTime)}` : '';
	switch (timeline.kind) {
		case 'daily':
			return `Daily${by}`;
		case 'timesPerWeek': {
			const n = timeline.times;
			const count = n === 1 ? 'Once' : n === 2 ? 'Twice' : `${n} times`;
			return `${count} a week${by}`;
		}
		case 'weekly':
			return `Every ${WEEKDAYS[timeline.weekday] ?? 'week'}${by}`;
		case 'always':
			return `Always${by}`;
	}
}
