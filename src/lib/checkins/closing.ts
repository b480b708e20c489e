/**
 * The warm end of a check-in: small victories named, and one closing note of appreciation per
 * partner (`appreciation:<checkinId>:<partner>`, written only by that partner).
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { isCheckinId } from './checkins';
import { byAt, compact, isRecord, refuse, type Result } from './model';
import { LIMITS, tidy } from './text';

/** A small victory named at a check-in (key `victory:<id>`). */
export interface Victory {
	type: 'victory';
	id: string;
	checkinId: string;
	text: string;
	by: PartnerId;
	at: Instant;
	deletedAt?: Instant;
}

/** A partner's closing note of appreciation. */
export interface Appreciation {
	type: 'appreciation';
	id: string;
	checkinId: string;
	by: PartnerId;
	text: string;
	at: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** Names a small victory at a check-in. */
export function addVictory(
	doc: Y.Doc,
	input: { checkinId: string; text: string; by: PartnerId },
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const text = tidy(input.text, LIMITS.short, true);
	if (!text || !isCheckinId(input.checkinId)) return refuse('invalid');
	const id = newId();
	const victory: Victory = {
		type: 'victory',
		id,
		checkinId: input.checkinId,
		text,
		by: input.by,
		at: now
	};
	doc.transact(() => roots.checkins(doc).set(`victory:${id}`, victory), LOCAL);
	return { ok: true, id };
}

/** Takes back a victory one named (soft). */
export function removeVictory(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const v = roots.checkins(doc).get(`victory:${id}`);
	if (!isRecord<Victory>(v, 'victory') || v.deletedAt) return refuse('notFound');
	if (v.by !== by) return refuse('notYours');
	doc.transact(() => roots.checkins(doc).set(`victory:${id}`, { ...v, deletedAt: now }), LOCAL);
	return { ok: true, id };
}

/** The victories named at a check-in, in the order they were named. */
export function victoriesOf(doc: Y.Doc, checkinId: string): Victory[] {
	const out: Victory[] = [];
	roots.checkins(doc).forEach((v) => {
		if (isRecord<Victory>(v, 'victory') && v.checkinId === checkinId && !v.deletedAt) out.push(v);
	});
	return out.sort(byAt);
}

/** Writes (or rewrites) one's closing note; an empty text withdraws it. */
export function setAppreciation(
	doc: Y.Doc,
	checkinId: string,
	by: PartnerId,
	text: string,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!isCheckinId(checkinId)) return refuse('invalid');
	const id = `appreciation:${checkinId}:${by}`;
	const prev = roots.checkins(doc).get(id);
	const before = isRecord<Appreciation>(prev, 'appreciation') ? prev : undefined;
	const clean = tidy(text, LIMITS.short);
	const stamp = before ? Math.max(now, before.updatedAt + 1) : now;
	const note: Appreciation = compact({
		type: 'appreciation',
		id,
		checkinId,
		by,
		text: clean || (before?.text ?? ''),
		at: before?.at ?? now,
		updatedAt: stamp,
		deletedAt: clean ? undefined : stamp
	});
	doc.transact(() => roots.checkins(doc).set(id, note), LOCAL);
	return { ok: true, id };
}

/** The closing notes of a check-in, in the order they were first written. */
export function appreciationsOf(doc: Y.Doc, checkinId: string): Appreciation[] {
	const out: Appreciation[] = [];
	roots.checkins(doc).forEach((v) => {
		if (isRecord<Appreciation>(v, 'appreciation') && v.checkinId === checkinId && !v.deletedAt)
			out.push(v);
	});
	return out.sort(byAt);
}
