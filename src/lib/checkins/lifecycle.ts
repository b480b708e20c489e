/**
 * Acting on the weekly check-in: start, postpone, pause or stop, resume, finish.
 *
 * One check-in per week: its id is `checkin:<Monday>`, so both partners starting at the same
 * moment on two offline devices write to the same check-in. Each device's start is its own record
 * and every event has its own key: no write ever replaces another person's.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { isCheckinId, readCheckin } from './checkins';
import {
	refuse,
	type CheckinRecord,
	type EventKind,
	type EventRecord,
	type PostponeRecord,
	type Result,
	type StartRecord
} from './model';
import { readCheckinParts } from './records';
import { checkinSchedule, plannedInWeek, weekOfCheckin } from './schedule';

/** Writes the week's record if nobody has yet: its planned time is frozen from then on. */
function ensureRecord(doc: Y.Doc, checkinId: string, now: Instant): CheckinRecord {
	const map = roots.checkins(doc);
	const existing = map.get(checkinId) as CheckinRecord | undefined;
	if (existing?.type === 'checkin') return existing;
	const schedule = checkinSchedule(doc);
	const week = weekOfCheckin(checkinId);
	// Without a schedule the couple simply meets now: planned for the moment they start.
	const plannedAt = schedule ? plannedInWeek(schedule, week) : now;
	const record: CheckinRecord = { type: 'checkin', id: checkinId, week, plannedAt, createdAt: now };
	map.set(checkinId, record);
	return record;
}

/**
 * "We're here": records this partner's start; repeating it changes nothing. Each device writes
 * its own key, so even one partner's two devices starting at once keep the earlier start.
 */
export function startCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!isCheckinId(checkinId)) return refuse('invalid');
	const c = readCheckin(doc, checkinId, now);
	if (c?.state === 'finished') return refuse('finished');
	if (c?.starts.some((s) => s.by === by)) return { ok: true, id: checkinId };
	const start: StartRecord = { type: 'start', checkinId, by, at: now };
	doc.transact(() => {
		ensureRecord(doc, checkinId, now);
		roots.checkins(doc).set(`start:${checkinId}:${by}:${newId()}`, start);
	}, LOCAL);
	return { ok: true, id: checkinId };
}

/** The most a check-in can be moved ahead of now. */
export const POSTPONE_MAX = 14 * 86_400_000;

/** Reschedules a check-in not yet started (before its time it is not counted as late). */
export function postponeCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	to: Instant,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!isCheckinId(checkinId) || !(to > now && to <= now + POSTPONE_MAX)) return refuse('invalid');
	const c = readCheckin(doc, checkinId, now);
	if (c?.state === 'finished') return refuse('finished');
	if (c?.startedAt !== undefined) return refuse('invalid'); // under way: stop it instead
	const id = newId();
	const record: PostponeRecord = { type: 'postpone', id, checkinId, by, at: now, to };
	doc.transact(() => {
		ensureRecord(doc, checkinId, now);
		roots.checkins(doc).set(`postpone:${id}`, record);
	}, LOCAL);
	return { ok: true, id: checkinId };
}

function addEvent(
	doc: Y.Doc,
	checkinId: string,
	kind: EventKind,
	by: PartnerId,
	now: Instant
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const c = isCheckinId(checkinId) ? readCheckin(doc, checkinId, now) : undefined;
	if (!c) return refuse('notFound');
	if (c.startedAt === undefined) return refuse('notStarted');
	if (c.state === 'finished') return refuse('finished');
	const last = c.breaks[c.breaks.length - 1];
	const running = !last || last.resumedAt !== undefined;
	// Pausing what is paused, or resuming what runs, already happened (likely on the other device).
	if (kind === 'resume' ? running : kind !== 'finish' && !running)
		return { ok: true, id: checkinId };
	const parts = readCheckinParts(doc).get(checkinId);
	const lastAt = Math.max(c.startedAt, ...(parts?.events.map((e) => e.at) ?? []));
	const id = newId();
	// After the last event even when this clock is behind, so a resume never sorts before its pause.
	const event: EventRecord = {
		type: 'event',
		id,
		checkinId,
		kind,
		by,
		at: Math.max(now, lastAt + 1)
	};
	doc.transact(() => roots.checkins(doc).set(`event:${id}`, event), LOCAL);
	return { ok: true, id: checkinId };
}

/** A pause to breathe; "continue when you're both ready". */
export function pauseCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	now = Date.now()
): Result {
	return addEvent(doc, checkinId, 'pause', by, now);
}

/** Stops for now, to resume another time. */
export function stopCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	now = Date.now()
): Result {
	return addEvent(doc, checkinId, 'stop', by, now);
}

/** Goes on after a pause or a stop. */
export function resumeCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	now = Date.now()
): Result {
	return addEvent(doc, checkinId, 'resume', by, now);
}

/** Closes the check-in; it becomes history. */
export function finishCheckin(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	now = Date.now()
): Result {
	return addEvent(doc, checkinId, 'finish', by, now);
}
