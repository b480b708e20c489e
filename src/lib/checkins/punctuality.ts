/**
 * Check-ins as the tracker's punctuality and milestones read them (`CheckinTime`).
 *
 * A check-in rescheduled in good time (each move made before the time then in force, plus grace)
 * is judged against its new time: waiting, it is "postponed in time"; started, its lateness is
 * measured from the new time. A move made after the window keeps the original time. Weeks of the
 * schedule that nobody acted on, since the schedule took effect, count as not held.
 */
import type * as Y from 'yjs';
import type { Instant } from '../schema';
import { addDays, toDay, weekStart } from '../core/calendar';
import { GRACE_MINUTES, punctuality, type Punctuality } from '../tracker/punctuality';
import type { CheckinTime } from '../tracker/model';
import { listCheckins, type Checkin } from './checkins';
import { checkinSchedule, plannedInWeek } from './schedule';

/** One check-in's timing for the tracker. */
export function toCheckinTime(c: Checkin, graceMinutes: number, now: Instant): CheckinTime {
	if (c.postponedAt === undefined) return withStart({ plannedAt: c.plannedAt }, c);
	if (!c.postponedInTime)
		return withStart({ plannedAt: c.plannedAt, postponed: { at: c.postponedAt } }, c);
	const waiting = c.startedAt === undefined && now <= c.dueAt + graceMinutes * 60_000;
	return waiting
		? { plannedAt: c.plannedAt, postponed: { at: c.postponedAt } }
		: withStart({ plannedAt: c.dueAt }, c);
}

function withStart(t: CheckinTime, c: Checkin): CheckinTime {
	return c.startedAt === undefined ? t : { ...t, startedAt: c.startedAt };
}

/** Every check-in's timing, oldest first, with the schedule's untouched past weeks as not held. */
export function checkinTimes(doc: Y.Doc, now: Instant = Date.now()): CheckinTime[] {
	const schedule = checkinSchedule(doc);
	const grace = schedule?.graceMinutes ?? GRACE_MINUTES;
	const checkins = listCheckins(doc, now);
	const out = checkins.map((c) => toCheckinTime(c, grace, now));
	if (schedule) {
		const acted = new Set(checkins.map((c) => c.week));
		const end = weekStart(toDay(now));
		for (let week = weekStart(toDay(schedule.since)); week <= end; week = addDays(week, 7)) {
			const plannedAt = plannedInWeek(schedule, week);
			if (acted.has(week) || plannedAt < schedule.since || plannedAt + grace * 60_000 >= now)
				continue;
			out.push({ plannedAt });
		}
	}
	return out.sort((a, b) => a.plannedAt - b.plannedAt);
}

/** Punctuality to check-ins with the couple's own grace window. */
export function checkinPunctuality(doc: Y.Doc, now: Instant = Date.now()): Punctuality {
	const grace = checkinSchedule(doc)?.graceMinutes ?? GRACE_MINUTES;
	return punctuality(checkinTimes(doc, now), grace, now);
}
