/**
 * The weekly check-in's time. Shared settings hold one schedule per partner who set it
 * (`checkinSchedule:<partner>`), and the latest `updatedAt` wins: two partners changing it at
 * once would otherwise be decided by Yjs's client order, not by who changed it last.
 *
 * Times are wall-clock times on each device's own calendar, like every day in the tracker: a
 * check-in at 20:00 stays at 20:00 across daylight-saving changes.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import {
	addDays,
	atTime,
	isClockTime,
	toDay,
	weekday as weekdayOf,
	weekStart
} from '../core/calendar';
import { GRACE_MINUTES } from '../tracker/punctuality';
import { compact, isNum, refuse, type ClockTime, type Result, type Schedule } from './model';

/** The settings key prefix of the schedule; the partner's id follows. */
export const SCHEDULE_KEY = 'checkinSchedule';

/** What a person chooses; the grace window defaults to the tracker's ten minutes. */
export interface ScheduleInput {
	weekday: number;
	time: ClockTime;
	minutes: number;
	graceMinutes?: number;
	timeZone?: string;
}

const isInt = (v: unknown, min: number, max: number): v is number =>
	Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function isZone(v: unknown): v is string {
	if (typeof v !== 'string' || !v || v.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: v });
		return true;
	} catch {
		return false;
	}
}

/** Sets the weekly time; `since` moves only when the weekday or time changed. */
export function setCheckinSchedule(
	doc: Y.Doc,
	input: ScheduleInput,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const grace = input.graceMinutes ?? GRACE_MINUTES;
	const valid =
		isInt(input.weekday, 0, 6) &&
		isClockTime(input.time) &&
		isInt(input.minutes, 5, 240) &&
		isInt(grace, 0, 120) &&
		(input.timeZone === undefined || isZone(input.timeZone));
	if (!valid) return refuse('invalid');
	const current = checkinSchedule(doc);
	const same = current?.weekday === input.weekday && current.time === input.time;
	const key = `${SCHEDULE_KEY}:${by}`;
	const schedule: Schedule = compact({
		weekday: input.weekday,
		time: input.time,
		minutes: input.minutes,
		graceMinutes: grace,
		timeZone: input.timeZone,
		since: same ? current.since : now,
		// After the value it replaces, even when this device's clock is behind the other's.
		updatedAt: current ? Math.max(now, current.updatedAt + 1) : now,
		by
	});
	doc.transact(() => roots.settings(doc).set(key, schedule), LOCAL);
	return { ok: true, id: key };
}

function readSchedule(v: unknown): Schedule | undefined {
	if (!v || typeof v !== 'object') return undefined;
	const r = v as Record<string, unknown>;
	if (!isInt(r.weekday, 0, 6) || !isClockTime(r.time) || !isNum(r.updatedAt)) return undefined;
	return compact({
		weekday: r.weekday,
		time: r.time,
		minutes: isInt(r.minutes, 1, 1440) ? r.minutes : 45,
		graceMinutes: isInt(r.graceMinutes, 0, 1440) ? r.graceMinutes : GRACE_MINUTES,
		timeZone: typeof r.timeZone === 'string' ? r.timeZone : undefined,
		since: isNum(r.since) ? r.since : r.updatedAt,
		updatedAt: r.updatedAt,
		by: typeof r.by === 'string' ? r.by : ''
	});
}

/** The schedule in force: the latest set by either partner (ties by partner id). */
export function checkinSchedule(doc: Y.Doc): Schedule | undefined {
	let best: Schedule | undefined;
	roots.settings(doc).forEach((v, key) => {
		if (!key.startsWith(`${SCHEDULE_KEY}:`)) return;
		const s = readSchedule(v);
		if (
			s &&
			(!best || s.updatedAt > best.updatedAt || (s.updatedAt === best.updatedAt && s.by > best.by))
		)
			best = s;
	});
	return best;
}

/** The id of the check-in of the week holding `day`: one per week, whoever starts it. */
export function checkinIdOf(day: Day): string {
	return `checkin:${weekStart(day)}`;
}

/** The Monday of a check-in's week, read from its id. */
export function weekOfCheckin(checkinId: string): Day {
	return checkinId.slice('checkin:'.length);
}

/** The planned instant in the week holding `day` (weeks run Monday to Sunday). */
export function plannedInWeek(schedule: Pick<Schedule, 'weekday' | 'time'>, day: Day): Instant {
	return atTime(addDays(weekStart(day), (schedule.weekday + 6) % 7), schedule.time);
}

/** The first planned check-in at or after `now`. */
export function nextCheckinAt(schedule: Pick<Schedule, 'weekday' | 'time'>, now: Instant): Instant {
	const today = toDay(now);
	const thisWeek = plannedInWeek(schedule, today);
	return thisWeek >= now ? thisWeek : plannedInWeek(schedule, addDays(today, 7));
}

/** True when the check-in falls on the device's today (for Today's gentle reminder). */
export function isCheckinDay(schedule: Pick<Schedule, 'weekday'>, now: Instant): boolean {
	return weekdayOf(toDay(now)) === schedule.weekday;
}
