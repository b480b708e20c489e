/**
 * The whole shared space on one screen. Names here are on-disk format: never rename or
 * retype a root or a field; add optional fields and tolerate their absence when reading.
 */
import * as Y from 'yjs';

/** Goes up when a new app writes something an older app could misread. */
export const SCHEMA_VERSION = 1;

/** Transaction origin for edits made by the person on this device. */
export const LOCAL = 'kept:local';
/** Transaction origin for content written once when a space is created. */
export const INITIAL = 'kept:initial';

/** A day on the device's own calendar. */
export type Day = string; // YYYY-MM-DD
/** An instant, in epoch milliseconds (never a Date: it would arrive at the partner as {}). */
export type Instant = number;
/** A partner's id in this space; stable across their devices. */
export type PartnerId = string;

/** One partner, as both devices know them. Edited as a whole value; latest `updatedAt` wins. */
export interface Partner {
	id: PartnerId;
	name: string;
	joinedAt: Instant;
	updatedAt: Instant;
	/** Set when a join was refused (a third person) or the partner left. */
	deletedAt?: Instant;
}

/** meta: schemaVersion (only goes up), createdAt, createdBy. */
export type Meta = Y.Map<unknown>;

/** The roots of the shared document. Every device reads them through these accessors. */
export const roots = {
	meta: (doc: Y.Doc): Meta => doc.getMap('meta'),
	partners: (doc: Y.Doc) => doc.getMap<Partner>('partners'),
	/** The contract's own text: title and why (Y.Text), inside one map. */
	contract: (doc: Y.Doc) => doc.getMap<unknown>('contract'),
	/** Clauses by id; each clause is a Y.Map whose text fields are Y.Text. Order is a field. */
	clauses: (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('clauses'),
	/** Proposed contract versions by id: frozen plain copies with their SHA-256 hash. */
	revisions: (doc: Y.Doc) => doc.getMap<unknown>('revisions'),
	/** Signatures by `${revisionId}:${partnerId}`: each names the hash it signed. */
	signatures: (doc: Y.Doc) => doc.getMap<unknown>('signatures'),
	/** Tracker entries by id. */
	log: (doc: Y.Doc) => doc.getMap<unknown>('log'),
	/** Moments of reliability, wins and notes of appreciation by id. */
	moments: (doc: Y.Doc) => doc.getMap<unknown>('moments'),
	/** Weekly check-ins by id. */
	checkins: (doc: Y.Doc) => doc.getMap<unknown>('checkins'),
	/** Setbacks by id. */
	setbacks: (doc: Y.Doc) => doc.getMap<unknown>('setbacks'),
	/** Insights a partner chose to share from their private journal, by id. */
	insights: (doc: Y.Doc) => doc.getMap<unknown>('insights'),
	/** Settings both partners share (check-in time, ground rules …). */
	settings: (doc: Y.Doc) => doc.getMap<unknown>('settings'),
	/** The long arc: look-back reflections, counsellor summaries and their approvals, by key. */
	reflections: (doc: Y.Doc) => doc.getMap<unknown>('reflections'),
	/**
	 * The mailbox ("Deliver while we're apart"): `consent:<partnerId>` → { on, at } per partner,
	 * and `epoch`, raised each time it is turned off so turning it on again opens a fresh one.
	 * Absent in spaces from before the mailbox.
	 */
	relay: (doc: Y.Doc) => doc.getMap<unknown>('relay')
} as const;

/** The schema version a document was written with (0 for a document that has none yet). */
export function schemaVersionOf(doc: Y.Doc): number {
	const v = roots.meta(doc).get('schemaVersion');
	return typeof v === 'number' ? v : 0;
}

/** True when a newer app wrote this space: this app must not write to it. */
export function isFromNewerApp(doc: Y.Doc): boolean {
	return schemaVersionOf(doc) > SCHEMA_VERSION;
}

/**
 * Writes the content of a brand new space. Called once, by the person who creates it; a
 * joining device never calls it (it would duplicate what the creator wrote).
 */
export function writeInitialContent(
	doc: Y.Doc,
	creator: { id: PartnerId; name: string },
	now: Instant
): void {
	doc.transact(() => {
		const meta = roots.meta(doc);
		meta.set('schemaVersion', SCHEMA_VERSION);
		meta.set('createdAt', now);
		meta.set('createdBy', creator.id);
		roots.partners(doc).set(creator.id, {
			id: creator.id,
			name: creator.name,
			joinedAt: now,
			updatedAt: now
		});
		// The contract's title and why are Y.Text written once, here, by the creator: created later
		// by two peers at once, one peer's Y.Text (and its words) would be dropped.
		const contract = roots.contract(doc);
		contract.set('title', new Y.Text());
		contract.set('why', new Y.Text());
	}, INITIAL);
}
