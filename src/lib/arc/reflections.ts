/**
 * The monthly look-back: once a month the couple looks back together and writes a short shared
 * reflection ("what changed?"). Reflections are plain records in `roots.reflections` under
 * `reflection:<id>`; each is changed only by whoever typed it, and two reflections on the same
 * month (written on two devices at once) are both kept, so no one's words are ever lost.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { compact, isNum, isRecord, refuse, type Result } from '../checkins/model';
import { LIMITS, tidy } from '../core/text';
import { addDays, dayNumber, toDay } from '../core/calendar';

/** A month, `YYYY-MM`. */
export type Month = string;

/** A reflection as stored (key `reflection:<id>`). */
export interface Reflection {
	type: 'reflection';
	id: string;
	/** The month looked back on. */
	month: Month;
	text: string;
	by: PartnerId;
	createdAt: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** The most a reflection keeps: short on purpose, a few sentences. */
export const REFLECTION_MAX = LIMITS.short * 2;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True for a `YYYY-MM` month. */
export function isMonth(v: unknown): v is Month {
	return typeof v === 'string' && MONTH_RE.test(v);
}

/** The month holding a day. */
export function monthOf(day: Day): Month {
	return day.slice(0, 7);
}

/** The month before. */
export function previousMonth(month: Month): Month {
	return monthOf(addDays(`${month}-01`, -1));
}

/** The last day of a month. */
export function lastDayOf(month: Month): Day {
	const [y, m] = month.split('-').map(Number);
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	return addDays(next, -1);
}

const key = (id: string) => `reflection:${id}`;

function isReflection(v: unknown): v is Reflection {
	return (
		isRecord<Reflection>(v, 'reflection') &&
		typeof v.id === 'string' &&
		isMonth(v.month) &&
		typeof v.text === 'string' &&
		typeof v.by === 'string' &&
		isNum(v.updatedAt)
	);
}

/** Writes a reflection on a month. */
export function addReflection(
	doc: Y.Doc,
	input: { month: Month; text: string; by: PartnerId },
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const text = tidy(input.text, REFLECTION_MAX);
	// A month still to come has nothing to look back on (most likely a wrong clock).
	if (!text || !isMonth(input.month) || input.month > monthOf(toDay(now))) return refuse('invalid');
	const id = newId();
	const reflection: Reflection = {
		type: 'reflection',
		id,
		month: input.month,
		text,
		by: input.by,
		createdAt: now,
		updatedAt: now
	};
	doc.transact(() => roots.reflections(doc).set(key(id), reflection), LOCAL);
	return { ok: true, id };
}

function own(doc: Y.Doc, id: string, by: PartnerId): Reflection | Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const r = roots.reflections(doc).get(key(id));
	if (!isReflection(r) || r.deletedAt) return refuse('notFound');
	if (r.by !== by) return refuse('notYours');
	return r;
}

/** Rewords one's own reflection. */
export function editReflection(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	text: string,
	now: Instant = Date.now()
): Result {
	const r = own(doc, id, by);
	if ('ok' in r) return r;
	const clean = tidy(text, REFLECTION_MAX);
	if (!clean) return refuse('invalid');
	const next: Reflection = { ...r, text: clean, updatedAt: Math.max(now, r.updatedAt + 1) };
	doc.transact(() => roots.reflections(doc).set(key(id), next), LOCAL);
	return { ok: true, id };
}

/** Takes back one's own reflection (soft, so a concurrent edit is not silently lost). */
export function removeReflection(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const r = own(doc, id, by);
	if ('ok' in r) return r;
	const stamp = Math.max(now, r.updatedAt + 1);
	const next: Reflection = { ...r, updatedAt: stamp, deletedAt: stamp };
	doc.transact(() => roots.reflections(doc).set(key(id), compact(next)), LOCAL);
	return { ok: true, id };
}

/** Every live reflection, oldest month first (then in the order written). */
export function listReflections(doc: Y.Doc): Reflection[] {
	const out: Reflection[] = [];
	roots.reflections(doc).forEach((v) => {
		if (isReflection(v) && !v.deletedAt) out.push(v);
	});
	return out.sort(
		(a, b) =>
			(a.month < b.month ? -1 : a.month > b.month ? 1 : 0) ||
			a.createdAt - b.createdAt ||
			(a.id < b.id ? -1 : 1)
	);
}

/** The look-back the app invites the couple to, if one is due. */
export interface Invitation {
	/** The month to look back on. */
	month: Month;
}

/**
 * Once a month: when a new month has begun, the month before has no reflection yet, and the arc
 * had begun by then (at least a week before that month ended), the couple is invited to look
 * back on it together. Nothing nags: the invitation simply waits until a reflection is written
 * or the next month brings the next one.
 */
export function lookBackInvitation(
	reflections: readonly Reflection[],
	today: Day,
	arcStart: Day | undefined
): Invitation | undefined {
	if (!arcStart) return undefined;
	const month = previousMonth(monthOf(today));
	if (dayNumber(arcStart) > dayNumber(lastDayOf(month)) - 7) return undefined;
	return reflections.some((r) => r.month === month) ? undefined : { month };
}
