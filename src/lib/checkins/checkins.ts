/**
 * Where each weekly check-in stands: planned, postponed, under way, paused or stopped, finished —
 * or, honestly, unfinished or not held. Every state is derived from small records that never
 * overwrite each other (see lifecycle.ts), so two devices acting at once both count.
 *
 * Rules: the check-in began at the earliest start of any device. Events (pause, stop, resume,
 * finish) apply in order of `at`; a second pause while paused is the same pause; nothing after a
 * finish counts. Half a week after it was due, a check-in not finished is closed as it stands.
 */
import type * as Y from 'yjs';
import type { Day, Instant, PartnerId } from '../schema';
import { addDays, isDay, toDay, weekStart } from '../core/calendar';
import { GRACE_MINUTES } from '../tracker/punctuality';
import type { EventRecord, Schedule, StartRecord } from './model';
import { readCheckinParts, type CheckinParts } from './records';
import { checkinIdOf, checkinSchedule, plannedInWeek, weekOfCheckin } from './schedule';

/** How long after its (re)scheduled time an unfinished check-in stays open: half a week. */
export const OPEN_FOR = 3.5 * 86_400_000;

/** Where a check-in stands. 'unfinished' and 'notHeld' are listed as they are, without blame. */
export type CheckinState =
	| 'planned'
	| 'postponed'
	| 'inProgress'
	| 'paused'
	| 'stopped'
	| 'finished'
	| 'unfinished'
	| 'notHeld';

/** A pause or a stop, and when the couple went on. */
export interface Break {
	kind: 'pause' | 'stop';
	at: Instant;
	by: PartnerId;
	resumedAt?: Instant;
}

/** A check-in as both devices see it. */
export interface Checkin {
	id: string;
	week: Day;
	/** The time first planned for it (frozen when anyone first acted on it). */
	plannedAt: Instant;
	/** When it is now expected: the latest rescheduling, else the plan. */
	dueAt: Instant;
	postponedTo?: Instant;
	postponedAt?: Instant;
	/** Every rescheduling was made before the time then in force (plus grace): never late. */
	postponedInTime?: boolean;
	startedAt?: Instant;
	startedBy?: PartnerId;
	/** Who joined, and when (each partner's earliest start), oldest first. */
	starts: StartRecord[];
	breaks: Break[];
	finishedAt?: Instant;
	finishedBy?: PartnerId;
	state: CheckinState;
}

/** True for a check-in id (`checkin:` and a Monday). */
export function isCheckinId(id: string): boolean {
	const week = weekOfCheckin(id);
	return id.startsWith('checkin:') && isDay(week) && weekStart(week) === week;
}

/** Builds a check-in from its records; `schedule` plans a week nobody has acted on yet. */
function toCheckin(
	id: string,
	parts: CheckinParts,
	schedule: Schedule | undefined,
	now: Instant
): Checkin {
	const week = weekOfCheckin(id);
	const grace = (schedule?.graceMinutes ?? GRACE_MINUTES) * 60_000;
	const plannedAt =
		parts.record?.plannedAt ??
		(schedule ? plannedInWeek(schedule, week) : (parts.starts[0]?.at ?? now));
	let dueAt = plannedAt;
	let inTime = true;
	for (const p of parts.postpones) {
		if (p.at > dueAt + grace) inTime = false;
		dueAt = p.to;
	}
	const last = parts.postpones[parts.postpones.length - 1];
	const first = parts.starts[0];
	const breaks: Break[] = [];
	let state: CheckinState = first ? 'inProgress' : last ? 'postponed' : 'planned';
	let finished: EventRecord | undefined;
	for (const e of first ? parts.events : []) {
		if (e.kind === 'finish') {
			finished = e;
			break;
		}
		// A second pause while paused (two devices at once) is the same pause.
		if ((e.kind === 'pause' || e.kind === 'stop') && state === 'inProgress') {
			breaks.push({ kind: e.kind, at: e.at, by: e.by });
			state = e.kind === 'pause' ? 'paused' : 'stopped';
		} else if (e.kind === 'resume' && state !== 'inProgress') {
			breaks[breaks.length - 1].resumedAt = e.at;
			state = 'inProgress';
		}
	}
	if (finished) state = 'finished';
	else if (now > dueAt + OPEN_FOR) state = first ? 'unfinished' : 'notHeld';
	return {
		id,
		week,
		plannedAt,
		dueAt,
		...(last ? { postponedTo: last.to, postponedAt: last.at, postponedInTime: inTime } : {}),
		...(first ? { startedAt: first.at, startedBy: first.by } : {}),
		starts: parts.starts,
		breaks,
		...(finished ? { finishedAt: finished.at, finishedBy: finished.by } : {}),
		state
	};
}

/** Every check-in anyone acted on, oldest week first. */
export function listCheckins(doc: Y.Doc, now: Instant = Date.now()): Checkin[] {
	const schedule = checkinSchedule(doc);
	return [...readCheckinParts(doc)]
		.filter(([id]) => isCheckinId(id))
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([id, parts]) => toCheckin(id, parts, schedule, now));
}

/** One check-in: recorded, or planned from the schedule (undefined without either). */
export function readCheckin(
	doc: Y.Doc,
	checkinId: string,
	now: Instant = Date.now()
): Checkin | undefined {
	return pick(readCheckinParts(doc), checkinSchedule(doc), checkinId, now);
}

function pick(
	all: Map<string, CheckinParts>,
	schedule: Schedule | undefined,
	checkinId: string,
	now: Instant
): Checkin | undefined {
	if (!isCheckinId(checkinId)) return undefined;
	const parts = all.get(checkinId);
	if (!parts && !schedule) return undefined;
	return toCheckin(checkinId, parts ?? { starts: [], postpones: [], events: [] }, schedule, now);
}

/**
 * The check-in to show now: one already under way, else the unfinished one whose time is
 * nearest (last week's when it is only a little late, next week's once this week's is done).
 */
export function currentCheckin(doc: Y.Doc, now: Instant = Date.now()): Checkin | undefined {
	const today = toDay(now);
	const all = readCheckinParts(doc);
	const schedule = checkinSchedule(doc);
	const candidates = [-7, 0, 7]
		.map((n) => pick(all, schedule, checkinIdOf(addDays(today, n)), now))
		.filter((c): c is Checkin => !!c && c.state !== 'finished' && c.state !== 'unfinished');
	const underway = candidates.find((c) => c.startedAt !== undefined);
	if (underway) return underway;
	const distance = (c: Checkin) => Math.abs(c.dueAt - now);
	return candidates
		.filter((c) => c.state !== 'notHeld')
		.sort((a, b) => distance(a) - distance(b))[0];
}
