/**
 * The embedded mailbox store: one SQLite file (better-sqlite3) in the data folder. Each append
 * is one synchronous transaction, so ids within a mailbox are assigned and committed in order.
 * `secure_delete` overwrites deleted ciphertext, and deleting a mailbox checkpoints the WAL, so
 * turning the mailbox off leaves no copy of it in the file.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KIND, type EnvelopeHeader } from './protocol';
import {
	DEFAULT_STORE_LIMITS,
	toHour,
	type AppendResult,
	type MailboxStore,
	type ReadResult,
	type StoredBlob,
	type StoreLimits
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mailbox (
	id TEXT PRIMARY KEY, head INTEGER NOT NULL, floor INTEGER NOT NULL, lossy_floor INTEGER NOT NULL,
	bytes INTEGER NOT NULL, count INTEGER NOT NULL, incarnation TEXT NOT NULL,
	created_at INTEGER NOT NULL, last_write INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS blob (
	mailbox TEXT NOT NULL, id INTEGER NOT NULL, kind INTEGER NOT NULL, device_tag TEXT NOT NULL,
	seq INTEGER NOT NULL, covers INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL,
	PRIMARY KEY (mailbox, id), UNIQUE (mailbox, device_tag, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blob_created ON blob (created_at);
CREATE TABLE IF NOT EXISTS device (
	mailbox TEXT NOT NULL, device_tag TEXT NOT NULL, max_seq INTEGER NOT NULL,
	PRIMARY KEY (mailbox, device_tag)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tombstone (id TEXT PRIMARY KEY, deleted_at INTEGER NOT NULL) STRICT;
`;

interface MailboxRow {
	id: string;
	head: number;
	floor: number;
	lossy_floor: number;
	bytes: number;
	count: number;
	incarnation: string;
	last_write: number;
}

/** Opens (creating if needed) the mailbox database at `file`. */
export function openSqliteStore(file: string, partial: Partial<StoreLimits> = {}): MailboxStore {
	const limits = { ...DEFAULT_STORE_LIMITS, ...partial };
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('secure_delete = ON');
	db.exec(SCHEMA);

	const q = {
		tombstone: db.prepare<[string], { id: string }>('SELECT id FROM tombstone WHERE id = ?'),
		mailbox: db.prepare<[string], MailboxRow>('SELECT * FROM mailbox WHERE id = ?'),
		create: db.prepare('INSERT INTO mailbox VALUES (?, 0, 0, 0, 0, 0, ?, ?, ?)'),
		bySeq: db.prepare<[string, string, number], { id: number; body: Buffer }>(
			'SELECT id, body FROM blob WHERE mailbox = ? AND device_tag = ? AND seq = ?'
		),
		maxSeq: db.prepare<[string, string], { max_seq: number }>(
			'SELECT max_seq FROM device WHERE mailbox = ? AND device_tag = ?'
		),
		covered: db.prepare<[string, number], { n: number; bytes: number }>(
			'SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS bytes FROM blob WHERE mailbox = ? AND id <= ?'
		),
		deleteCovered: db.prepare('DELETE FROM blob WHERE mailbox = ? AND id <= ?'),
		insert: db.prepare('INSERT INTO blob VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
		advance: db.prepare(
			'UPDATE mailbox SET head = ?, floor = ?, bytes = ?, count = ?, last_write = ? WHERE id = ?'
		),
		device: db.prepare(
			'INSERT INTO device VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET max_seq = max(max_seq, excluded.max_seq)'
		),
		page: db.prepare<[string, number, number], StoredBlob & { kind: number; covers: number }>(
			'SELECT id, kind, covers, body FROM blob WHERE mailbox = ? AND id > ? ORDER BY id LIMIT ?'
		),
		agedOut: db.prepare<[string, number], { id: number | null }>(
			'SELECT max(id) AS id FROM blob WHERE mailbox = ? AND created_at < ?'
		),
		stale: db.prepare<[string, number, number], { n: number }>(
			`SELECT count(*) AS n FROM blob WHERE mailbox = ? AND id > ? AND kind != ${KIND.snapshot} AND created_at < ?`
		),
		oldest: db.prepare<[string], { at: number | null }>(
			'SELECT min(created_at) AS at FROM blob WHERE mailbox = ?'
		),
		expired: db.prepare<[number], { mailbox: string; n: number; bytes: number; top: number }>(
			'SELECT mailbox, count(*) AS n, sum(length(body)) AS bytes, max(id) AS top FROM blob WHERE created_at < ? GROUP BY mailbox'
		),
		deleteExpired: db.prepare('DELETE FROM blob WHERE mailbox = ? AND created_at < ?'),
		shrink: db.prepare(
			'UPDATE mailbox SET bytes = bytes - ?, count = count - ?, lossy_floor = max(lossy_floor, ?) WHERE id = ?'
		),
		idle: db.prepare<[number], { id: string }>(
			'SELECT id FROM mailbox WHERE count = 0 AND last_write < ?'
		),
		dropMailbox: db.prepare('DELETE FROM mailbox WHERE id = ?'),
		dropBlobs: db.prepare('DELETE FROM blob WHERE mailbox = ?'),
		dropDevices: db.prepare('DELETE FROM device WHERE mailbox = ?'),
		bury: db.prepare('INSERT OR REPLACE INTO tombstone VALUES (?, ?)'),
		oldTombstones: db.prepare('DELETE FROM tombstone WHERE deleted_at < ?'),
		total: db.prepare<[], { bytes: number }>('SELECT coalesce(sum(bytes), 0) AS bytes FROM mailbox')
	};

	const append = db.transaction(
		(mailbox: string, h: EnvelopeHeader, body: Uint8Array, now: number): AppendResult => {
			if (q.tombstone.get(mailbox)) return { ok: false, reason: 'gone' };
			let box = q.mailbox.get(mailbox);
			if (!box) {
				q.create.run(mailbox, randomBytes(8).toString('hex'), toHour(now), toHour(now));
				box = q.mailbox.get(mailbox) as MailboxRow;
			}
			const same = q.bySeq.get(mailbox, h.deviceTag, h.seq);
			const maxSeq = q.maxSeq.get(mailbox, h.deviceTag)?.max_seq ?? 0;
			if (same) {
				if (Buffer.from(body).equals(same.body)) return { ok: true, id: same.id, duplicate: true };
				return { ok: false, reason: 'conflict', maxSeq };
			}
			// Already used and since compacted away: a replay, or a device whose counter went back.
			if (h.seq <= maxSeq) return { ok: false, reason: 'conflict', maxSeq };
			if (h.kind === KIND.snapshot && h.covers > box.head) return { ok: false, reason: 'covers' };
			let { bytes, count, floor } = box;
			if (h.kind === KIND.snapshot && h.covers > 0) {
				const gone = q.covered.get(mailbox, h.covers) as { n: number; bytes: number };
				q.deleteCovered.run(mailbox, h.covers);
				bytes -= gone.bytes;
				count -= gone.n;
				floor = Math.max(floor, h.covers);
			}
			if (bytes + body.length > limits.maxMailboxBytes || count + 1 > limits.maxMailboxBlobs) {
				// Throwing rolls back a compaction done above; nothing changes.
				throw new QuotaError();
			}
			const id = box.head + 1;
			q.insert.run(mailbox, id, h.kind, h.deviceTag, h.seq, h.covers, body, toHour(now));
			q.advance.run(id, floor, bytes + body.length, count + 1, toHour(now), mailbox);
			q.device.run(mailbox, h.deviceTag, h.seq);
			return { ok: true, id, duplicate: false };
		}
	);

	const remove = db.transaction((mailbox: string, now: number) => {
		q.dropBlobs.run(mailbox);
		q.dropDevices.run(mailbox);
		q.dropMailbox.run(mailbox);
		q.bury.run(mailbox, toHour(now));
	});

	const sweep = db.transaction((now: number) => {
		const before = now - limits.ttlMs;
		for (const row of q.expired.all(before)) {
			const box = q.mailbox.get(row.mailbox);
			q.deleteExpired.run(row.mailbox, before);
			// What expired above the floor was never folded into a snapshot: readers must re-seed.
			const lossy = box && row.top > box.floor ? row.top : 0;
			q.shrink.run(row.bytes, row.n, lossy, row.mailbox);
		}
		for (const { id } of q.idle.all(before)) {
			q.dropDevices.run(id);
			q.dropMailbox.run(id);
		}
		q.oldTombstones.run(now - limits.tombstoneMs);
	});

	return {
		async append(mailbox, header, body, now) {
			try {
				return append(mailbox, header, body, now);
			} catch (error) {
				if (error instanceof QuotaError) return { ok: false, reason: 'quota' };
				throw error;
			}
		},
		async read(mailbox, after, limit, maxBytes, now): Promise<ReadResult> {
			if (q.tombstone.get(mailbox)) return { ok: false, reason: 'gone' };
			const box = q.mailbox.get(mailbox);
			if (!box) return { ok: false, reason: 'absent' };
			if (after > box.head) return { ok: false, reason: 'cursor-ahead', head: box.head };
			const blobs: StoredBlob[] = [];
			let size = 0;
			let more = false;
			for (const row of q.page.all(mailbox, after, limit + 1)) {
				if (blobs.length >= limit || (blobs.length > 0 && size + row.body.length > maxBytes)) {
					more = true;
					break;
				}
				// A plain snapshot holds nothing a reader past its `covers` lacks (every change is
				// also in an update or a seed), so a phone away a short while skips it.
				if (row.kind === KIND.snapshot && row.covers <= after) continue;
				blobs.push({ id: row.id, body: new Uint8Array(row.body) });
				size += row.body.length;
			}
			const window = now - limits.windowMs;
			return {
				ok: true,
				blobs,
				more,
				meta: {
					head: box.head,
					floor: box.floor,
					lossyFloor: box.lossy_floor,
					incarnation: box.incarnation,
					agedOutId: q.agedOut.get(mailbox, window)?.id ?? 0,
					stale:
						(q.stale.get(mailbox, box.floor, window - limits.refreshMs)?.n ?? 0) > 0 ||
						box.count > limits.maxMailboxBlobs / 2,
					count: box.count,
					bytes: box.bytes,
					oldestAt: q.oldest.get(mailbox)?.at ?? null
				}
			};
		},
		async remove(mailbox, now) {
			remove(mailbox, now);
			// The WAL holds recent pages too; fold it back so the ciphertext leaves the files now.
			db.pragma('wal_checkpoint(TRUNCATE)');
		},
		async sweep(now) {
			sweep(now);
		},
		async totalBytes() {
			return q.total.get()?.bytes ?? 0;
		},
		async close() {
			db.close();
		}
	};
}

class QuotaError extends Error {}
