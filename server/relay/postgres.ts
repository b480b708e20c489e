/**
 * The mailbox store for several instances: PostgreSQL (`pg`). Any number of server instances
 * share it. Ids are assigned under the mailbox row's lock (`SELECT … FOR UPDATE`, then head + 1
 * in the same transaction), so writers to one mailbox take turns and commit in id order: a
 * reader who has seen id n never later finds a smaller id appear. A global sequence would not
 * do: its values are taken at insert and committed in another order, and a reader could skip
 * one for good.
 *
 * Unlike SQLite's `secure_delete`, PostgreSQL leaves deleted rows' bytes on disk until VACUUM
 * reuses the space; deleting a mailbox runs a VACUUM of the blob table to hasten that.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
CREATE TABLE IF NOT EXISTS relay_mailbox (
	id text PRIMARY KEY, head bigint NOT NULL, floor bigint NOT NULL, lossy_floor bigint NOT NULL,
	bytes bigint NOT NULL, count integer NOT NULL, incarnation text NOT NULL,
	created_at bigint NOT NULL, last_write bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS relay_blob (
	mailbox text NOT NULL, id bigint NOT NULL, kind smallint NOT NULL, device_tag text NOT NULL,
	seq bigint NOT NULL, covers bigint NOT NULL, body bytea NOT NULL, created_at bigint NOT NULL,
	PRIMARY KEY (mailbox, id), UNIQUE (mailbox, device_tag, seq)
);
CREATE INDEX IF NOT EXISTS relay_blob_created ON relay_blob (created_at);
CREATE TABLE IF NOT EXISTS relay_device (
	mailbox text NOT NULL, device_tag text NOT NULL, max_seq bigint NOT NULL,
	PRIMARY KEY (mailbox, device_tag)
);
CREATE TABLE IF NOT EXISTS relay_tombstone (id text PRIMARY KEY, deleted_at bigint NOT NULL);
`;

/** Any number, so instances starting together create the schema one at a time. */
const SCHEMA_LOCK = 0x6b657074;

interface MailboxRow {
	head: number;
	floor: number;
	lossy_floor: number;
	bytes: number;
	count: number;
	incarnation: string;
}

/** Connects to `url`, creates the tables if needed, and returns the store. */
export async function openPostgresStore(
	url: string,
	partial: Partial<StoreLimits> = {}
): Promise<MailboxStore> {
	const limits = { ...DEFAULT_STORE_LIMITS, ...partial };
	// bigint columns come back as numbers: ids and sizes stay far below 2^53.
	const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser } });
	pool.on('error', () => undefined);
	await transaction(pool, async (c) => {
		await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
		await c.query(SCHEMA);
	});

	async function append(
		mailbox: string,
		h: EnvelopeHeader,
		body: Uint8Array,
		now: number
	): Promise<AppendResult> {
		return transaction(pool, async (c) => {
			const tombstone = 'SELECT 1 FROM relay_tombstone WHERE id = $1';
			if ((await c.query(tombstone, [mailbox])).rowCount) throw new GoneError();
			await c.query(
				'INSERT INTO relay_mailbox VALUES ($1, 0, 0, 0, 0, 0, $2, $3, $3) ON CONFLICT (id) DO NOTHING',
				[mailbox, randomBytes(8).toString('hex'), toHour(now)]
			);
			// The row lock: writers to this mailbox wait here, so ids commit in order.
			const box = (
				await c.query<MailboxRow>('SELECT * FROM relay_mailbox WHERE id = $1 FOR UPDATE', [mailbox])
			).rows[0];
			// Deleted while this waited for the lock: the tombstone decides.
			if (!box || (await c.query(tombstone, [mailbox])).rowCount) throw new GoneError();
			const same = (
				await c.query<{ id: number; body: Buffer }>(
					'SELECT id, body FROM relay_blob WHERE mailbox = $1 AND device_tag = $2 AND seq = $3',
					[mailbox, h.deviceTag, h.seq]
				)
			).rows[0];
			const maxSeq =
				(
					await c.query<{ max_seq: number }>(
						'SELECT max_seq FROM relay_device WHERE mailbox = $1 AND device_tag = $2',
						[mailbox, h.deviceTag]
					)
				).rows[0]?.max_seq ?? 0;
			if (same) {
				if (Buffer.from(body).equals(same.body)) return { ok: true, id: same.id, duplicate: true };
				return { ok: false, reason: 'conflict', maxSeq } as const;
			}
			if (h.seq <= maxSeq) return { ok: false, reason: 'conflict', maxSeq } as const;
			if (h.kind === KIND.snapshot && h.covers > box.head) {
				return { ok: false, reason: 'covers' } as const;
			}
			let { bytes, count, floor } = box;
			if (h.kind === KIND.snapshot && h.covers > 0) {
				const gone = (
					await c.query<{ n: number; bytes: number }>(
						'WITH d AS (DELETE FROM relay_blob WHERE mailbox = $1 AND id <= $2 RETURNING length(body) AS size) SELECT count(*)::int AS n, coalesce(sum(size), 0)::bigint AS bytes FROM d',
						[mailbox, h.covers]
					)
				).rows[0];
				bytes -= gone.bytes;
				count -= gone.n;
				floor = Math.max(floor, h.covers);
			}
			if (bytes + body.length > limits.maxMailboxBytes || count + 1 > limits.maxMailboxBlobs) {
				throw new QuotaError();
			}
			const id = box.head + 1;
			await c.query('INSERT INTO relay_blob VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
				mailbox,
				id,
				h.kind,
				h.deviceTag,
				h.seq,
				h.covers,
				Buffer.from(body),
				toHour(now)
			]);
			await c.query(
				'UPDATE relay_mailbox SET head = $1, floor = $2, bytes = $3, count = $4, last_write = $5 WHERE id = $6',
				[id, floor, bytes + body.length, count + 1, toHour(now), mailbox]
			);
			await c.query(
				'INSERT INTO relay_device VALUES ($1, $2, $3) ON CONFLICT (mailbox, device_tag) DO UPDATE SET max_seq = greatest(relay_device.max_seq, excluded.max_seq)',
				[mailbox, h.deviceTag, h.seq]
			);
			return { ok: true, id, duplicate: false } as const;
		});
	}

	return {
		async append(mailbox, header, body, now) {
			try {
				return await append(mailbox, header, body, now);
			} catch (error) {
				if (error instanceof QuotaError) return { ok: false, reason: 'quota' };
				if (error instanceof GoneError) return { ok: false, reason: 'gone' };
				throw error;
			}
		},
		async read(mailbox, after, limit, maxBytes, now): Promise<ReadResult> {
			const buried = await pool.query('SELECT 1 FROM relay_tombstone WHERE id = $1', [mailbox]);
			if (buried.rowCount) return { ok: false, reason: 'gone' };
			const box = (
				await pool.query<MailboxRow>('SELECT * FROM relay_mailbox WHERE id = $1', [mailbox])
			).rows[0];
			if (!box) return { ok: false, reason: 'absent' };
			if (after > box.head) return { ok: false, reason: 'cursor-ahead', head: box.head };
			const rows = (
				await pool.query<StoredBlob & { kind: number; covers: number; body: Buffer }>(
					'SELECT id, kind, covers, body FROM relay_blob WHERE mailbox = $1 AND id > $2 ORDER BY id LIMIT $3',
					[mailbox, after, limit + 1]
				)
			).rows;
			const blobs: StoredBlob[] = [];
			let size = 0;
			let more = false;
			for (const row of rows) {
				if (blobs.length >= limit || (blobs.length > 0 && size + row.body.length > maxBytes)) {
					more = true;
					break;
				}
				if (row.kind === KIND.snapshot && row.covers <= after) continue;
				blobs.push({ id: row.id, body: new Uint8Array(row.body) });
				size += row.body.length;
			}
			const window = now - limits.windowMs;
			const facts = (
				await pool.query<{ aged: number | null; stale: number; oldest: number | null }>(
					`SELECT (SELECT max(id) FROM relay_blob WHERE mailbox = $1 AND created_at < $2) AS aged,
					 (SELECT count(*)::int FROM relay_blob WHERE mailbox = $1 AND id > $3 AND kind != ${KIND.snapshot} AND created_at < $4) AS stale,
					 (SELECT min(created_at) FROM relay_blob WHERE mailbox = $1) AS oldest`,
					[mailbox, window, box.floor, window - limits.refreshMs]
				)
			).rows[0];
			return {
				ok: true,
				blobs,
				more,
				meta: {
					head: box.head,
					floor: box.floor,
					lossyFloor: box.lossy_floor,
					incarnation: box.incarnation,
					agedOutId: facts.aged ?? 0,
					stale: facts.stale > 0 || box.count > limits.maxMailboxBlobs / 2,
					count: box.count,
					bytes: box.bytes,
					oldestAt: facts.oldest
				}
			};
		},
		async remove(mailbox, now) {
			await transaction(pool, async (c) => {
				await c.query('SELECT 1 FROM relay_mailbox WHERE id = $1 FOR UPDATE', [mailbox]);
				await c.query('DELETE FROM relay_blob WHERE mailbox = $1', [mailbox]);
				await c.query('DELETE FROM relay_device WHERE mailbox = $1', [mailbox]);
				await c.query('DELETE FROM relay_mailbox WHERE id = $1', [mailbox]);
				await c.query(
					'INSERT INTO relay_tombstone VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at',
					[mailbox, toHour(now)]
				);
			});
			await pool.query('VACUUM relay_blob').catch(() => undefined);
		},
		async sweep(now) {
			const before = now - limits.ttlMs;
			await transaction(pool, async (c) => {
				const expired = await c.query<{ mailbox: string; n: number; bytes: number; top: number }>(
					'DELETE FROM relay_blob WHERE created_at < $1 RETURNING mailbox, 1 AS n, length(body) AS bytes, id AS top',
					[before]
				);
				const byMailbox = new Map<string, { n: number; bytes: number; top: number }>();
				for (const r of expired.rows) {
					const m = byMailbox.get(r.mailbox) ?? { n: 0, bytes: 0, top: 0 };
					byMailbox.set(r.mailbox, {
						n: m.n + 1,
						bytes: m.bytes + r.bytes,
						top: Math.max(m.top, r.top)
					});
				}
				for (const [mailbox, m] of byMailbox) {
					// What expired above the floor was never in a snapshot: readers must re-seed.
					await c.query(
						'UPDATE relay_mailbox SET bytes = bytes - $1, count = count - $2, lossy_floor = CASE WHEN $3 > floor THEN greatest(lossy_floor, $3) ELSE lossy_floor END WHERE id = $4',
						[m.bytes, m.n, m.top, mailbox]
					);
				}
				await c.query(
					'DELETE FROM relay_device WHERE mailbox IN (SELECT id FROM relay_mailbox WHERE count = 0 AND last_write < $1)',
					[before]
				);
				await c.query('DELETE FROM relay_mailbox WHERE count = 0 AND last_write < $1', [before]);
				await c.query('DELETE FROM relay_tombstone WHERE deleted_at < $1', [
					now - limits.tombstoneMs
				]);
			});
		},
		async totalBytes() {
			const r = await pool.query<{ bytes: number }>(
				'SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM relay_mailbox'
			);
			return r.rows[0].bytes;
		},
		async close() {
			await pool.end();
		}
	};
}

class QuotaError extends Error {}
class GoneError extends Error {}

/** Runs `fn` in one transaction on one connection; rolls back if it throws. */
async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

function getTypeParser(oid: number, format?: 'text' | 'binary') {
	if (oid === 20 && format !== 'binary') return (value: string) => Number(value);
	return pg.types.getTypeParser(oid, format as 'text');
}
