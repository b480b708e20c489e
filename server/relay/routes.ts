/**
 * The mailbox's HTTP routes under /relay/v1, on the app's own port:
 *
 *   POST   /relay/v1/m/:id/blobs          one sealed envelope (application/octet-stream)
 *   GET    /relay/v1/m/:id/blobs?after=n  blobs after a cursor, framed (see `frame`)
 *   GET    /relay/v1/m/:id                counts and sizes, for Settings
 *   DELETE /relay/v1/m/:id                delete now; the id is refused from then on
 *   GET    /relay/v1/ice                  STUN/TURN servers, with TURN credentials
 *
 * Every mailbox route needs `Authorization: Bearer <token>` whose hash is the id; anything else
 * is 403, whether or not the mailbox exists. Nothing here logs a token, a path or a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../address';
import { Bucket } from '../limits';
import type { Metrics } from '../metrics';
import { iceServersFor, type IceConfig } from './ice';
import type { MailboxNotifier } from './notifier';
import { KIND, MAILBOX_ID, readHeader, tokenOpens } from './protocol';
import type { MailboxStore, ReadResult } from './store';

/** Limits of the routes; the store enforces per-mailbox size itself. */
export interface RelayLimits {
	/** Largest request body, refused from Content-Length before reading. */
	maxRequestBytes: number;
	/** Largest update envelope (snapshots may be bigger). */
	maxUpdateBytes: number;
	/** Writes per minute to one mailbox. */
	writesPerMinute: number;
	/** Requests per minute from one address, over every mailbox. */
	requestsPerMinute: number;
	/** New mailboxes one address may start per hour. */
	newMailboxesPerHour: number;
	/** Blobs and bytes in one fetch response. */
	pageBlobs: number;
	pageBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
	maxRequestBytes: 16 * MiB,
	maxUpdateBytes: 256 * 1024,
	writesPerMinute: 120,
	requestsPerMinute: 600,
	newMailboxesPerHour: 30,
	pageBlobs: 500,
	pageBytes: 8 * MiB
};

/** What the routes need. */
export interface RelayOptions {
	store: MailboxStore;
	notifier: MailboxNotifier;
	ice: IceConfig;
	metrics: Metrics;
	trustedProxies: ReadonlySet<string>;
	limits?: Partial<RelayLimits>;
	/** The server's clock (tests move it forward). */
	now?: () => number;
}

/** The relay's request handler and its upkeep. */
export interface Relay {
	/** Handles a request under /relay/; false when the path is not the relay's. */
	handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
	/** Drops expired blobs now (also run every hour). */
	sweep(): Promise<void>;
	close(): Promise<void>;
}

export const RELAY_PREFIX = '/relay/v1/';

/** Creates the relay's routes over a store. */
export function createRelay(options: RelayOptions): Relay {
	const { store, notifier, ice, metrics, trustedProxies } = options;
	const limits = { ...DEFAULT_RELAY_LIMITS, ...options.limits };
	const now = options.now ?? Date.now;
	const byAddress = new Map<string, { requests: Bucket; creations: Bucket }>();
	const byMailbox = new Map<string, Bucket>();
	let storedBytes = 0;
	const outcomes = metrics.counter(
		'kept_relay_requests_total',
		'Mailbox requests, by outcome (no ids).'
	);
	metrics.gauge(
		'kept_relay_bytes',
		'Bytes of sealed blobs stored in all mailboxes.',
		() => storedBytes
	);
	const refreshBytes = () =>
		store.totalBytes().then(
			(bytes) => void (storedBytes = bytes),
			() => undefined
		);
	void refreshBytes();
	const sweeper = setInterval(() => void sweep(), 3_600_000);
	sweeper.unref();
	// Forget buckets that have refilled, so the maps stay small.
	const forget = setInterval(() => {
		for (const [key, b] of byAddress)
			if (b.requests.full() && b.creations.full()) byAddress.delete(key);
		for (const [key, b] of byMailbox) if (b.full()) byMailbox.delete(key);
	}, 60_000);
	forget.unref();

	async function sweep(): Promise<void> {
		await store.sweep(now());
		await refreshBytes();
	}

	function addressBuckets(address: string) {
		let b = byAddress.get(address);
		if (!b) {
			b = {
				requests: new Bucket(limits.requestsPerMinute / 60, limits.requestsPerMinute),
				creations: new Bucket(limits.newMailboxesPerHour / 3600, limits.newMailboxesPerHour)
			};
			byAddress.set(address, b);
		}
		return b;
	}

	function reply(res: ServerResponse, status: number, outcome: string, body?: object): void {
		outcomes.inc({ outcome });
		res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
		res.end(JSON.stringify(body ?? { error: outcome }));
	}

	function tooMany(res: ServerResponse, seconds: number): void {
		res.setHeader('Retry-After', String(seconds));
		reply(res, 429, 'rate');
	}

	async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
		const address = clientAddress(req, trustedProxies);
		const buckets = addressBuckets(address);
		if (!buckets.requests.take(1)) return tooMany(res, 10);
		const rest = pathname.slice(RELAY_PREFIX.length);
		if (rest === 'ice') {
			if (req.method !== 'GET') return reply(res, 405, 'method');
			return reply(res, 200, 'ice', { iceServers: iceServersFor(ice, now()) });
		}
		const match = /^m\/([^/]+)(\/blobs)?$/.exec(rest);
		if (!match) return reply(res, 404, 'not-found');
		const [, mailbox, blobs] = match;
		// Same answer for a wrong token and an unknown id: no way to learn which ids exist.
		if (!MAILBOX_ID.test(mailbox) || !tokenOpens(req.headers.authorization, mailbox)) {
			return reply(res, 403, 'forbidden');
		}
		if (blobs && req.method === 'POST') return upload(req, res, mailbox, buckets.creations);
		if (blobs && req.method === 'GET') return fetchBlobs(req, res, mailbox);
		if (!blobs && req.method === 'GET') return describe(res, mailbox);
		if (!blobs && req.method === 'DELETE') {
			await store.remove(mailbox, now());
			void refreshBytes();
			notifier.notify(mailbox);
			outcomes.inc({ outcome: 'deleted' });
			res.writeHead(204, { 'Cache-Control': 'no-store' });
			return void res.end();
		}
		return reply(res, 405, 'method');
	}

	async function upload(
		req: IncomingMessage,
		res: ServerResponse,
		mailbox: string,
		creations: Bucket
	): Promise<void> {
		if (req.headers['content-type'] !== 'application/octet-stream') return reply(res, 415, 'type');
		const declared = Number(req.headers['content-length']);
		if (!Number.isFinite(declared) || declared > limits.maxRequestBytes) {
			res.setHeader('Connection', 'close');
			return reply(res, declared > limits.maxRequestBytes ? 413 : 411, 'too-large');
		}
		let writes = byMailbox.get(mailbox);
		if (!writes)
			byMailbox.set(
				mailbox,
				(writes = new Bucket(limits.writesPerMinute / 60, limits.writesPerMinute / 2))
			);
		if (!writes.take(1)) return tooMany(res, 2);
		const body = await readBody(req, limits.maxRequestBytes);
		if (!body) return reply(res, 413, 'too-large');
		const header = readHeader(body);
		if (typeof header === 'string')
			return reply(res, 400, 'malformed', { error: 'malformed', detail: header });
		if (header.kind === KIND.update && body.length > limits.maxUpdateBytes) {
			return reply(res, 413, 'too-large');
		}
		if (header.kind !== KIND.update && !(await exists(mailbox)) && !creations.take(1)) {
			return tooMany(res, 60);
		}
		const result = await store.append(mailbox, header, body, now());
		if (!result.ok) {
			if (result.reason === 'gone') return reply(res, 410, 'gone');
			if (result.reason === 'quota') return reply(res, 507, 'quota');
			if (result.reason === 'covers') return reply(res, 400, 'malformed', { error: 'covers' });
			return reply(res, 409, 'conflict', { error: 'conflict', maxSeq: result.maxSeq });
		}
		if (!result.duplicate) {
			storedBytes += body.length;
			notifier.notify(mailbox);
		}
		reply(res, 200, result.duplicate ? 'duplicate' : 'stored', result);
	}

	async function exists(mailbox: string): Promise<boolean> {
		const r = await store.read(mailbox, 0, 0, 0, now());
		return r.ok;
	}

	async function fetchBlobs(req: IncomingMessage, res: ServerResponse, mailbox: string) {
		const params = new URL(req.url ?? '/', 'http://relay').searchParams;
		const after = Number(params.get('after') ?? '0');
		if (!Number.isSafeInteger(after) || after < 0) return reply(res, 400, 'malformed');
		const result = await store.read(mailbox, after, limits.pageBlobs, limits.pageBytes, now());
		if (!result.ok) return refusal(res, result);
		outcomes.inc({ outcome: 'fetched' });
		res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
		res.end(frame({ ...result.meta, more: result.more }, result.blobs));
	}

	async function describe(res: ServerResponse, mailbox: string): Promise<void> {
		const result = await store.read(mailbox, 0, 0, 0, now());
		if (!result.ok) return refusal(res, result);
		const { count, bytes, oldestAt } = result.meta;
		reply(res, 200, 'described', { count, bytes, oldestAt });
	}

	function refusal(res: ServerResponse, result: Extract<ReadResult, { ok: false }>): void {
		if (result.reason === 'gone') return reply(res, 410, 'gone');
		if (result.reason === 'absent') return reply(res, 404, 'absent');
		reply(res, 409, 'cursor-ahead', { error: 'cursor-ahead', head: result.head });
	}

	return {
		handle(req, res, pathname) {
			if (!pathname.startsWith(RELAY_PREFIX)) return false;
			route(req, res, pathname).catch(() => {
				if (!res.headersSent) reply(res, 500, 'error');
				else res.destroy();
			});
			return true;
		},
		sweep,
		async close() {
			clearInterval(sweeper);
			clearInterval(forget);
			await store.close();
		}
	};
}

/** `u32 metaLen ‖ meta JSON ‖ (u32 id ‖ u32 len ‖ envelope)*`, big-endian. */
export function frame(meta: object, blobs: { id: number; body: Uint8Array }[]): Buffer {
	const json = Buffer.from(JSON.stringify(meta));
	const size = 4 + json.length + blobs.reduce((n, b) => n + 8 + b.body.length, 0);
	const out = Buffer.alloc(size);
	out.writeUInt32BE(json.length, 0);
	json.copy(out, 4);
	let at = 4 + json.length;
	for (const blob of blobs) {
		out.writeUInt32BE(blob.id, at);
		out.writeUInt32BE(blob.body.length, at + 4);
		out.set(blob.body, at + 8);
		at += 8 + blob.body.length;
	}
	return out;
}

/** The request body, or null past `max` bytes (whatever Content-Length said). */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > max) {
				req.destroy();
				resolve(null);
				return;
			}
			parts.push(chunk);
		});
		req.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
		req.on('error', reject);
	});
}
