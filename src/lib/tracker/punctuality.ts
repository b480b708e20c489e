/**
 * Punctuality to check-ins: the share started within an agreed grace window of their planned
 * time, and the median lateness. A check-in postponed before its time (or within the grace
 * window) was rescheduled in good time: it is not late and not counted. One never started, or
 * postponed only after the window, counts as not on time but has no lateness to measure.
 */
import type { Instant } from '../schema';
import type { CheckinTime } from './model';

/** Default grace window, in minutes. */
export const GRACE_MINUTES = 10;

/** The punctuality summary. */
export interface Punctuality {
	/** Check-ins whose time has come (postponed-in-time ones excluded). */
	considered: number;
	onTime: number;
	/** onTime ÷ considered, or null before any. */
	share: number | null;
	/** Median of max(0, start − planned) over started ones, in minutes; null before any. */
	medianLateMinutes: number | null;
	postponedInTime: number;
	notHeld: number;
}

/** Punctuality over a list of check-ins. */
export function punctuality(
	checkins: readonly CheckinTime[],
	graceMinutes: number = GRACE_MINUTES,
	now: Instant = Date.now()
): Punctuality {
	const grace = graceMinutes * 60_000;
	let considered = 0;
	let onTime = 0;
	let postponedInTime = 0;
	let notHeld = 0;
	const late: number[] = [];
	for (const c of checkins) {
		if (c.postponed && c.postponed.at <= c.plannedAt + grace && c.startedAt === undefined) {
			postponedInTime++;
			continue;
		}
		if (c.startedAt !== undefined) {
			considered++;
			const lateness = c.startedAt - c.plannedAt;
			if (lateness <= grace) onTime++;
			late.push(Math.max(0, lateness) / 60_000);
		} else if (c.postponed || c.plannedAt + grace < now) {
			considered++;
			notHeld++;
		}
	}
	late.sort((a, b) => a - b);
	const mid = late.length >> 1;
	const median = !late.length
		? null
		: late.length % 2
			? late[mid]
			: (late[mid - 1] + late[mid]) / 2;
	return {
		considered,
		onTime,
		share: considered ? onTime / considered : null,
		medianLateMinutes: median,
		postponedInTime,
		notHeld
	};
}
