import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../app';
import { Client } from '../test-client';
import { KIND, mailboxIdOf } from './protocol';
import { openSqliteStore } from './sqlite';
import { DAY_MS } from './store';

let root: string;
let dataDir: string;
let app: App;
let base: string;
let clock = Date.UTC(2026, 0, 1);

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'kept-relay-'));
	mkdirSync(root, { recursive: true });
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kept</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => app.close());

async function start(options: Parameters<typeof createApp>[0] = {}): Promise<void> {
	dataDir = mkdtempSync(join(root, 'data-'));
	app = createApp({
		root,
		port: 0,
		allowNonBrowserClients: true,
		...options,
		relay: {
			store: openSqliteStore(join(dataDir, 'relay.sqlite')),
			now: () => clock,
			ice: { stunUrls: [], turnUrls: [], turnTtlSeconds: 60 },
			...options.relay
		}
	});
	base = await app.listen();
}

/** A couple's mailbox: the token their devices derive, and the id it hashes to. */
function mailbox() {
	const token = randomBytes(32);
	return { id: mailboxIdOf(token), auth: `Bearer ${token.toString('base64url')}`, token };
}

/** A sealed-looking envelope: the clear header the server reads, then opaque bytes. */
function envelope(kind: number, device: number, seq: number, covers = 0, size = 300) {
	const body = new Uint8Array(30 + size);
	randomBytes(body.length).copy(body);
	body[0] = 1;
	body[1] = kind;
	body.fill(device, 2, 10);
	const view = new DataView(body.buffer);
	view.setUint32(10, seq);
	view.setUint32(14, covers);
	return body;
}

function post(id: string, auth: string | undefined, body: Uint8Array<ArrayBuffer>, headers = {}) {
	return fetch(`${base}/relay/v1/m/${id}/blobs`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/octet-stream',
			...(auth ? { Authorization: auth } : {}),
			...headers
		},
		body
	});
}

/** Ids of the blobs after `after`, and the page's meta. */
async function fetchIds(id: string, auth: string, after = 0) {
	const res = await fetch(`${base}/relay/v1/m/${id}/blobs?after=${after}`, {
		headers: { Authorization: auth }
	});
	if (res.status !== 200) return { status: res.status, ids: [] as number[], meta: {} as never };
	const bytes = Buffer.from(await res.arrayBuffer());
	const metaLen = bytes.readUInt32BE(0);
	const meta = JSON.parse(bytes.subarray(4, 4 + metaLen).toString()) as Record<string, number>;
	const ids: number[] = [];
	for (let at = 4 + metaLen; at < bytes.length;) {
		ids.push(bytes.readUInt32BE(at));
		at += 8 + bytes.readUInt32BE(at + 4);
	}
	return { status: 200, ids, meta };
}

describe('who may use a mailbox', () => {
	test('a stranger who knows the id cannot read, write or delete it, and the couple’s blobs stay', async () => {
		await start();
		const couple = mailbox();
		expect((await post(couple.id, couple.auth, envelope(KIND.update, 1, 1))).status).toBe(200);
		const stranger = mailbox();
		for (const auth of [undefined, stranger.auth, 'Bearer nope', couple.auth + 'x']) {
			const headers = auth ? { Authorization: auth } : undefined;
			expect((await post(couple.id, auth, envelope(KIND.update, 9, 1))).status).toBe(403);
			expect(
				(await fetch(`${base}/relay/v1/m/${couple.id}/blobs?after=0`, { headers })).status
			).toBe(403);
			expect((await fetch(`${base}/relay/v1/m/${couple.id}`, { headers })).status).toBe(403);
			const del = await fetch(`${base}/relay/v1/m/${couple.id}`, { method: 'DELETE', headers });
			expect(del.status).toBe(403);
		}
		// An unknown id looks exactly like a known one to someone without its token.
		expect((await fetch(`${base}/relay/v1/m/${stranger.id}/blobs`)).status).toBe(403);
		expect((await fetchIds(couple.id, couple.auth)).ids).toEqual([1]);
	});

	test('a notice of new blobs reaches a socket that presented the token, never one that knows only the id', async () => {
		await start();
		const couple = mailbox();
		const url = base.replace(/^http/, 'ws') + '/signal';
		const partner = new Client(url);
		const stranger = new Client(url);
		await Promise.all([partner.opened(), stranger.opened()]);
		partner.send({ type: 'relay-watch', tokens: [couple.token.toString('base64url')] });
		stranger.send({ type: 'relay-watch', tokens: [couple.id] });
		await Promise.all([partner.roundTrip(), stranger.roundTrip()]);
		await post(couple.id, couple.auth, envelope(KIND.update, 1, 1));
		expect(await partner.next()).toEqual({ type: 'relay-notice', mailbox: couple.id });
		// The stranger's next frame is the answer to its ping: no notice came before it.
		expect(await stranger.roundTrip()).toEqual({ type: 'pong' });
		partner.ws.close();
		stranger.ws.close();
	});
});

describe('storing and fetching', () => {
	test('blobs are numbered per mailbox and fetched after a cursor; a retry of the same bytes is stored once', async () => {
		await start();
		const m = mailbox();
		const first = envelope(KIND.update, 1, 1);
		expect(await (await post(m.id, m.auth, first)).json()).toEqual({
			ok: true,
			id: 1,
			duplicate: false
		});
		expect(await (await post(m.id, m.auth, envelope(KIND.update, 2, 1))).json()).toMatchObject({
			id: 2
		});
		expect(await (await post(m.id, m.auth, first)).json()).toEqual({
			ok: true,
			id: 1,
			duplicate: true
		});
		expect((await fetchIds(m.id, m.auth, 0)).ids).toEqual([1, 2]);
		expect((await fetchIds(m.id, m.auth, 1)).ids).toEqual([2]);
		expect((await fetchIds(m.id, m.auth, 5)).status).toBe(409);
		// Other bytes under a used sequence number: the device's counter went back; it is told where.
		const res = await post(m.id, m.auth, envelope(KIND.update, 1, 1));
		expect(res.status).toBe(409);
		expect(await res.json()).toMatchObject({ maxSeq: 1 });
	});

	test('compaction deletes only what the snapshot covers: an update that raced with it survives', async () => {
		await start();
		const m = mailbox();
		for (let seq = 1; seq <= 3; seq++) await post(m.id, m.auth, envelope(KIND.update, 1, seq));
		// Device 2 pulled ids 1–3 and is building its snapshot; meanwhile device 1 uploads id 4.
		await post(m.id, m.auth, envelope(KIND.update, 1, 4));
		const snap = await post(m.id, m.auth, envelope(KIND.snapshot, 2, 1, 3, 2000));
		expect(await snap.json()).toMatchObject({ id: 5 });
		// A new device gets the snapshot and the raced update; one that had seen 3 skips the snapshot.
		expect((await fetchIds(m.id, m.auth, 0)).ids).toEqual([4, 5]);
		expect((await fetchIds(m.id, m.auth, 3)).ids).toEqual([4]);
		expect((await fetchIds(m.id, m.auth, 0)).meta).toMatchObject({ floor: 3, head: 5 });
		// Covering ids that do not exist yet is refused.
		expect((await post(m.id, m.auth, envelope(KIND.snapshot, 2, 2, 9))).status).toBe(400);
	});

	test('bad input is refused clearly and changes nothing', async () => {
		await start();
		const m = mailbox();
		const short = new Uint8Array(20);
		expect((await post(m.id, m.auth, short)).status).toBe(400);
		expect((await post(m.id, m.auth, envelope(7, 1, 1))).status).toBe(400);
		expect((await post(m.id, m.auth, envelope(KIND.update, 1, 0))).status).toBe(400);
		expect((await post(m.id, m.auth, envelope(KIND.update, 1, 1, 5))).status).toBe(400);
		const text = await post(m.id, m.auth, envelope(KIND.update, 1, 1), {
			'Content-Type': 'text/plain'
		});
		expect(text.status).toBe(415);
		expect((await post(m.id, m.auth, envelope(KIND.update, 1, 1, 0, 300 * 1024))).status).toBe(413);
		expect(
			(
				await fetch(`${base}/relay/v1/m/${m.id}/blobs?after=-1`, {
					headers: { Authorization: m.auth }
				})
			).status
		).toBe(400);
		expect((await fetchIds(m.id, m.auth)).status).toBe(404);
	});
});

describe('limits', () => {
	test('a mailbox written too fast gets 429 with Retry-After; another couple’s writes go on', async () => {
		await start({ relay: { limits: { writesPerMinute: 20 } } });
		const busy = mailbox();
		const calm = mailbox();
		const statuses: number[] = [];
		for (let seq = 1; seq <= 12; seq++)
			statuses.push((await post(busy.id, busy.auth, envelope(KIND.update, 1, seq))).status);
		expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
		const refused = await post(busy.id, busy.auth, envelope(KIND.update, 1, 13));
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await post(calm.id, calm.auth, envelope(KIND.update, 1, 1))).status).toBe(200);
	});

	test('one address past its requests per minute is refused while another address is served', async () => {
		await start({ trustedProxies: ['127.0.0.1'], relay: { limits: { requestsPerMinute: 10 } } });
		const m = mailbox();
		const from = (address: string) => ({
			headers: { Authorization: m.auth, 'X-Forwarded-For': address }
		});
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++)
			statuses.push((await fetch(`${base}/relay/v1/m/${m.id}`, from('203.0.113.7'))).status);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
		expect((await fetch(`${base}/relay/v1/m/${m.id}`, from('198.51.100.2'))).status).toBe(404);
	});

	test('a full mailbox answers 507; a snapshot that replaces what it covers still fits', async () => {
		await start({ relay: { store: openSqliteStore(':memory:', { maxMailboxBlobs: 3 }) } });
		const m = mailbox();
		for (let seq = 1; seq <= 3; seq++)
			expect((await post(m.id, m.auth, envelope(KIND.update, 1, seq))).status).toBe(200);
		expect((await post(m.id, m.auth, envelope(KIND.update, 1, 4))).status).toBe(507);
		expect((await post(m.id, m.auth, envelope(KIND.snapshot, 1, 5, 3))).status).toBe(200);
	});
});

describe('retention and deletion', () => {
	test('turning the mailbox off deletes it now, from the database file too, and the id stays refused', async () => {
		await start();
		const m = mailbox();
		const probe = envelope(KIND.update, 1, 1);
		await post(m.id, m.auth, probe);
		const marker = Buffer.from(probe.subarray(60, 92));
		const inFiles = () =>
			readdirSync(dataDir).some((f) => readFileSync(join(dataDir, f)).includes(marker));
		expect(inFiles()).toBe(true);
		const del = await fetch(`${base}/relay/v1/m/${m.id}`, {
			method: 'DELETE',
			headers: { Authorization: m.auth }
		});
		expect(del.status).toBe(204);
		expect(inFiles()).toBe(false);
		expect((await fetchIds(m.id, m.auth)).status).toBe(410);
		expect((await post(m.id, m.auth, envelope(KIND.seed, 2, 1))).status).toBe(410);
	});

	test('blobs go 60 days after upload; an uncovered loss is announced, and an idle mailbox disappears', async () => {
		await start();
		const m = mailbox();
		await post(m.id, m.auth, envelope(KIND.update, 1, 1));
		clock += 30 * DAY_MS;
		await post(m.id, m.auth, envelope(KIND.update, 1, 2));
		clock += 31 * DAY_MS;
		await app.relay.sweep();
		const after = await fetchIds(m.id, m.auth);
		expect(after.ids).toEqual([2]);
		expect(after.meta).toMatchObject({ lossyFloor: 1, head: 2 });
		clock += 30 * DAY_MS;
		await app.relay.sweep();
		expect((await fetchIds(m.id, m.auth)).status).toBe(404);
	});
});

describe('metrics', () => {
	test('/metrics counts stored bytes and outcomes, and never names a mailbox or a token', async () => {
		await start();
		const m = mailbox();
		await post(m.id, m.auth, envelope(KIND.update, 1, 1));
		await fetch(`${base}/relay/v1/m/${m.id}/blobs`, { headers: { Authorization: 'Bearer x' } });
		const text = await (await fetch(`${base}/metrics`)).text();
		expect(text).toMatch(/^kept_relay_bytes 330$/m);
		expect(text).toMatch(/^kept_relay_requests_total\{outcome="stored"\} 1$/m);
		expect(text).toMatch(/^kept_relay_requests_total\{outcome="forbidden"\} 1$/m);
		expect(text).not.toContain(m.id);
		expect(text).not.toContain(m.token.toString('base64url'));
	});
});

describe('ICE servers', () => {
	test('TURN credentials follow the TURN REST form coturn’s use-auth-secret checks', async () => {
		await start({
			relay: {
				ice: {
					stunUrls: ['stun:stun.example.org:3478'],
					turnUrls: ['turn:turn.example.org:3478'],
					turnSecret: 's3cret',
					turnTtlSeconds: 600
				}
			}
		});
		const { iceServers } = (await (await fetch(`${base}/relay/v1/ice`)).json()) as {
			iceServers: { urls: string[]; username?: string; credential?: string }[];
		};
		expect(iceServers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
		const turn = iceServers[1];
		const [expiry] = (turn.username ?? '').split(':');
		expect(Number(expiry)).toBe(Math.floor(clock / 1000) + 600);
		expect(turn.credential).toBe(
			createHmac('sha1', 's3cret')
				.update(turn.username ?? '')
				.digest('base64')
		);
	});

	test('with no TURN secret no TURN server is handed out (it could not be used)', async () => {
		await start({
			relay: { ice: { stunUrls: [], turnUrls: ['turn:t.example.org'], turnTtlSeconds: 60 } }
		});
		expect(await (await fetch(`${base}/relay/v1/ice`)).json()).toEqual({ iceServers: [] });
	});
});
