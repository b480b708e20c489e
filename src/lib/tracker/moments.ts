/**
 * Moments of reliability: "I noticed…" notes about the partner (optionally tied to a clause or
 * an entry), shared wins and notes of appreciation, on one wall, newest first.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import { isDay, toDay } from '../core/calendar';
import { newId } from '../ids';
import type { Moment, MomentKind, Reaction, Result } from './model';
import {
	noteText,
	compact,
	isMoment,
	isReaction,
	newestFirst,
	refuse,
	stampAfter
} from './records';

/** A new moment; `about` is required for 'noticed' and 'appreciation' and must be the partner. */
export interface NewMoment {
	kind: MomentKind;
	by: PartnerId;
	text: string;
	about?: PartnerId;
	clauseId?: string;
	entryId?: string;
	milestoneId?: string;
	/** The day it happened; defaults to today. */
	day?: Day;
}

/** Adds a moment to the wall. */
export function addMoment(doc: Y.Doc, input: NewMoment, now: Instant = Date.now()): Result {
	const text = noteText(input.text);
	const day = input.day ?? toDay(now);
	const needsAbout = input.kind === 'noticed' || input.kind === 'appreciation';
	if (!text || !isDay(day) || !['noticed', 'win', 'appreciation'].includes(input.kind))
		return refuse('invalid');
	if ((needsAbout && !input.about) || input.about === input.by) return refuse('invalid');
	const id = newId();
	const moment: Moment = compact({
		type: 'moment',
		id,
		kind: input.kind,
		by: input.by,
		about: input.about,
		clauseId: input.clauseId,
		entryId: input.entryId,
		milestoneId: input.milestoneId,
		text,
		day,
		createdAt: now,
		updatedAt: now
	});
	doc.transact(() => roots.moments(doc).set(id, moment), LOCAL);
	return { ok: true, id };
}

function ownMoment(doc: Y.Doc, id: string, by: PartnerId): Moment | Result {
	const m = roots.moments(doc).get(id);
	if (!isMoment(m) || m.deletedAt) return refuse('notFound');
	if (m.by !== by) return refuse('notYours');
	return m;
}

/** Rewords one's own moment. */
export function editMoment(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	text: string,
	now: Instant = Date.now()
): Result {
	const m = ownMoment(doc, id, by);
	if ('ok' in m) return m;
	const clean = noteText(text);
	if (!clean) return refuse('invalid');
	const next = { ...m, text: clean, updatedAt: stampAfter(now, m.updatedAt) };
	doc.transact(() => roots.moments(doc).set(id, next), LOCAL);
	return { ok: true, id };
}

/** Takes one's own moment off the wall (soft delete). */
export function removeMoment(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const m = ownMoment(doc, id, by);
	if ('ok' in m) return m;
	const stamp = stampAfter(now, m.updatedAt);
	doc.transact(
		() => roots.moments(doc).set(id, { ...m, updatedAt: stamp, deletedAt: stamp }),
		LOCAL
	);
	return { ok: true, id };
}

// Reactions oldest first (ties by id), not in the order they arrived, which differs by device.
const oldestFirst = (a: Reaction, b: Reaction) =>
	a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A moment with the reactions it received. */
export interface WallItem {
	moment: Moment;
	reactions: Reaction[];
}

/** The shared wall: every live moment, newest first (ties by id, so both devices agree). */
export function wall(doc: Y.Doc, filter?: { kind?: MomentKind; clauseId?: string }): WallItem[] {
	const moments: Moment[] = [];
	const reactions = new Map<string, Reaction[]>();
	roots.moments(doc).forEach((v) => {
		if (isMoment(v)) {
			if (!v.deletedAt) moments.push(v);
		} else if (isReaction(v) && !v.deletedAt) {
			const list = reactions.get(v.targetId);
			if (list) list.push(v);
			else reactions.set(v.targetId, [v]);
		}
	});
	return moments
		.filter(
			(m) =>
				(!filter?.kind || m.kind === filter.kind) &&
				(!filter?.clauseId || m.clauseId === filter.clauseId)
		)
		.sort(newestFirst((m) => m.createdAt))
		.map((moment) => ({ moment, reactions: (reactions.get(moment.id) ?? []).sort(oldestFirst) }));
}
