/**
 * Where mailboxes live. The server speaks to this interface only, so a shared database can take
 * the embedded SQLite file's place (`sqlite.ts`) when one machine is not enough. Every method
 * is async for that reason, even where SQLite answers at once.
 *
 * The one promise every store keeps: ids within a mailbox are assigned and committed in order
 * (1, 2, 3 …), so a reader who has seen id n never later finds an id below n appear. A global
 * sequence would break it (ids taken at insert, committed in another order).
 */
import type { EnvelopeHeader } from './protocol';

/** One stored blob as a reader receives it. */
export interface StoredBlob {
	id: number;
	body: Uint8Array;
}

/** A mailbox's bookkeeping, sent with every page of blobs. */
export interface MailboxMeta {
	/** Highest id ever assigned. */
	head: number;
	/** Ids at or below this were replaced by a snapshot. */
	floor: number;
	/** Ids at or below this expired before a snapshot covered them: readers re-seed once. */
	lossyFloor: number;
	/** Random per creation: a cursor kept from another incarnation means nothing. */
	incarnation: string;
	/** The highest id older than the update window (for compaction), or 0. */
	agedOutId: number;
	/** Whether an update above the floor is older than window + refresh (time to compact). */
	stale: boolean;
	count: number;
	bytes: number;
	/** When the oldest blob was stored (rounded to the hour), or null. */
	oldestAt: number | null;
}

/** What became of an upload. */
export type AppendResult =
	| { ok: true; id: number; duplicate: boolean }
	| { ok: false; reason: 'gone' | 'conflict' | 'covers' | 'quota'; maxSeq?: number };

/** A page of blobs after a cursor. */
export type ReadResult =
	| { ok: true; meta: MailboxMeta; blobs: StoredBlob[]; more: boolean }
	| { ok: false; reason: 'absent' | 'gone' | 'cursor-ahead'; head?: number };

/** Limits a store enforces inside its transaction. */
export interface StoreLimits {
	maxMailboxBytes: number;
	maxMailboxBlobs: number;
	/** Keep updates younger than this as they are (a phone away that long fetches only them). */
	windowMs: number;
	/** After window + refresh, the oldest updates are folded into a new snapshot. */
	refreshMs: number;
	/** Every blob, and a mailbox nobody wrote to, goes this long after its last write. */
	ttlMs: number;
	/** How long a deleted mailbox's id stays refused. */
	tombstoneMs: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_STORE_LIMITS: StoreLimits = {
	maxMailboxBytes: 32 * 1024 * 1024,
	maxMailboxBlobs: 5000,
	windowMs: 21 * DAY_MS,
	refreshMs: 21 * DAY_MS,
	ttlMs: 60 * DAY_MS,
	tombstoneMs: 365 * DAY_MS
};

/** Storage for mailboxes of sealed blobs. */
export interface MailboxStore {
	/** Stores one blob (creating the mailbox), or says why not. `now` is the server's clock. */
	append(
		mailbox: string,
		header: EnvelopeHeader,
		body: Uint8Array,
		now: number
	): Promise<AppendResult>;
	/** Blobs with id > after, at most `limit` or about `maxBytes`; plain snapshots a reader has passed are skipped. */
	read(
		mailbox: string,
		after: number,
		limit: number,
		maxBytes: number,
		now: number
	): Promise<ReadResult>;
	/** Deletes a mailbox now and refuses its id from then on. */
	remove(mailbox: string, now: number): Promise<void>;
	/** Drops expired blobs, idle mailboxes and old tombstones. */
	sweep(now: number): Promise<void>;
	/** Bytes of every stored blob (for /metrics; no ids). */
	totalBytes(): Promise<number>;
	close(): Promise<void>;
}

/** Stored times are rounded down to the hour: a later dump reveals less about when. */
export function toHour(ms: number): number {
	return Math.floor(ms / 3_600_000) * 3_600_000;
}
