/**
 * What this device still owes the mailbox, as pure functions over its record: changes typed
 * here, changes the document gained while no sync listened, and a first seed. The invariant the
 * compaction rule rests on: every change reaches the mailbox as an update from the device that
 * made it, or inside a seed.
 */
import * as Y from 'yjs';
import { KIND, type BlobKind } from './envelope';
import type { PageMeta } from './http';
import type { MailboxState } from './state';

/** Updates above this go up as a seed (snapshots may be large; updates are capped at 256 KiB). */
const MAX_UPDATE = 200 * 1024;

/** Adds a local change to the outbox. */
export function addToOutbox(s: MailboxState, update: Uint8Array): void {
	s.outbox = s.outbox ? Y.mergeUpdates([s.outbox, update]) : update;
}

/**
 * Changes the document gained while no sync listened (typed before it started, or in a version
 * that crashed before saving its outbox): whatever the state vector saved with the record lacks.
 * A few may be the partner's, which is harmless (updates are idempotent).
 */
export function catchUpOutbox(s: MailboxState, doc: Y.Doc): void {
	if (!s.sv || s.needsSeed) return;
	if (equalBytes(Y.encodeStateVector(doc), s.sv)) return;
	addToOutbox(s, Y.encodeStateAsUpdate(doc, s.sv));
}

/**
 * A first upload carries what this device held before it fetched anything: a new phone with
 * nothing sends almost nothing back, instead of re-uploading the space it just downloaded.
 */
export function seedFromHere(s: MailboxState, doc: Y.Doc): void {
	if (!s.needsSeed || s.cursor !== 0) return;
	addToOutbox(s, Y.encodeStateAsUpdate(doc));
	s.needsSeed = false;
}

/** Takes what is owed now as one envelope's content, or null when nothing is. */
export function takeNext(
	s: MailboxState,
	doc: Y.Doc
): { kind: BlobKind; update: Uint8Array } | null {
	let next: { kind: BlobKind; update: Uint8Array } | null = null;
	// The mailbox lost something, or this record is new: everything this device holds.
	if (s.needsSeed) next = { kind: KIND.seed, update: Y.encodeStateAsUpdate(doc) };
	// Too large for an update: the same changes go up as a seed (never skipped by readers).
	else if (s.outbox && s.outbox.length > MAX_UPDATE) next = { kind: KIND.seed, update: s.outbox };
	else if (s.outbox) next = { kind: KIND.update, update: s.outbox };
	s.outbox = null;
	s.needsSeed = false;
	return next;
}

/**
 * Which id a snapshot may cover now, or 0: only when the server says updates are old enough,
 * only what this device applied, and only below the three-week window a phone away fetches.
 */
export function compactionCovers(meta: PageMeta | undefined, s: MailboxState): number {
	if (!meta || !meta.stale || s.pending) return 0;
	const covers = Math.min(s.cursor, meta.agedOutId || s.cursor);
	return covers > meta.floor ? covers : 0;
}

/** Byte-wise equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}
