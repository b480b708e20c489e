/**
 * The partner's side of an entry: "I noticed", or "let's talk at check-in". Neither confirms nor
 * denies what the author recorded, and neither is open to the author themself.
 *
 * Keys are deterministic (`ack:entry:partner`, `talk:entry:partner`), so each partner holds at
 * most one of each per entry; the only concurrent writers of a key are that partner's own
 * devices, and either of their writes says the same thing.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Instant, type PartnerId } from '../schema';
import type { Ack, Entry, Result, Talk } from './model';
import { noteText, compact, isEntry, isTalk, isTooLong, refuse } from './records';

/** The log key of a partner's acknowledgement of an entry. */
export const ackKey = (entryId: string, by: PartnerId) => `ack:${entryId}:${by}`;
/** The log key of a partner's talk flag on an entry. */
export const talkKey = (entryId: string, by: PartnerId) => `talk:${entryId}:${by}`;

function partnersEntry(doc: Y.Doc, entryId: string, by: PartnerId): Entry | Result {
	const e = roots.log(doc).get(entryId);
	if (!isEntry(e) || e.deletedAt) return refuse('notFound');
	if (e.partnerId === by) return refuse('ownEntry');
	return e;
}

/** "I noticed": the partner (never the author) acknowledges an entry; repeating it is a no-op. */
export function acknowledge(
	doc: Y.Doc,
	entryId: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const e = partnersEntry(doc, entryId, by);
	if ('ok' in e) return e;
	const id = ackKey(entryId, by);
	const log = roots.log(doc);
	if (!log.has(id)) {
		const ack: Ack = { type: 'ack', id, entryId, by, at: now };
		doc.transact(() => log.set(id, ack), LOCAL);
	}
	return { ok: true, id };
}

/** "Let's talk at check-in": puts the partner's entry on the next check-in's agenda. */
export function markTalk(
	doc: Y.Doc,
	entryId: string,
	by: PartnerId,
	note?: string,
	now: Instant = Date.now()
): Result {
	const e = partnersEntry(doc, entryId, by);
	if ('ok' in e) return e;
	if (isTooLong(note)) return refuse('invalid');
	const id = talkKey(entryId, by);
	const talk: Talk = compact({ type: 'talk', id, entryId, by, note: noteText(note), at: now });
	doc.transact(() => roots.log(doc).set(id, talk), LOCAL);
	return { ok: true, id };
}

/** Takes a talk item off the agenda once it was talked about (called by the check-in). */
export function resolveTalk(
	doc: Y.Doc,
	talkId: string,
	checkinId?: string,
	now: Instant = Date.now()
): Result {
	const t = roots.log(doc).get(talkId);
	if (!isTalk(t)) return refuse('notFound');
	if (t.resolvedAt) return { ok: true, id: talkId };
	const done: Talk = compact({ ...t, resolvedAt: now, checkinId });
	doc.transact(() => roots.log(doc).set(talkId, done), LOCAL);
	return { ok: true, id: talkId };
}

/** An open agenda item with the entry it is about. */
export interface TalkItem {
	talk: Talk;
	entry: Entry;
}

/** What is waiting for the next check-in, oldest first (withdrawn entries drop off). */
export function talkItems(doc: Y.Doc): TalkItem[] {
	const log = roots.log(doc);
	const out: TalkItem[] = [];
	log.forEach((v) => {
		if (!isTalk(v) || v.resolvedAt) return;
		const entry = log.get(v.entryId);
		if (isEntry(entry) && !entry.deletedAt) out.push({ talk: v, entry });
	});
	return out.sort((a, b) => a.talk.at - b.talk.at || (a.talk.id < b.talk.id ? -1 : 1));
}
