import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../app';
import { startPostgres, type TestPostgres } from '../test-postgres';
import { openPostgresStore } from './postgres';
import { KIND, mailboxIdOf, readHeader, type EnvelopeHeader } from './protocol';
import type { MailboxStore } from './store';

let pg: TestPostgres;
let root: string;

beforeAll(async () => {
	pg = await startPostgres();
	root = mkdtempSync(join(tmpdir(), 'kept-pg-app-'));
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kept</title>');
}, 60_000);
afterAll(async () => {
	await pg?.stop();
	rmSync(root, { recursive: true, force: true });
});

function envelope(kind: number, device: number, seq: number, covers = 0) {
	const body = new Uint8Array(330);
	randomBytes(body.length).copy(body);
	body.set([1, kind]);
	body.fill(device, 2, 10);
	new DataView(body.buffer).setUint32(10, seq);
	new DataView(body.buffer).setUint32(14, covers);
	return body;
}

const header = (body: Uint8Array) => readHeader(body) as EnvelopeHeader;

function mailbox() {
	const token = randomBytes(32);
	return { id: mailboxIdOf(token), auth: `Bearer ${token.toString('base64url')}` };
}

describe('the PostgreSQL mailbox store', () => {
	test('ids are committed in order: a reader racing many writers on two connections misses none', async () => {
		const [a, b] = await Promise.all([openPostgresStore(pg.url), openPostgresStore(pg.url)]);
		const { id } = mailbox();
		const now = Date.now();
		const seen = new Set<number>();
		let cursor = 0;
		let writing = true;
		const reader = (async () => {
			while (writing) {
				const r = await a.read(id, cursor, 500, 1 << 24, now);
				if (!r.ok) continue;
				for (const blob of r.blobs) {
					seen.add(blob.id);
					cursor = blob.id;
				}
			}
		})();
		const writes = Array.from({ length: 80 }, (_, i) => {
			// A device sends in turn; here eighty devices each send one at once.
			const body = envelope(KIND.update, i + 1, 1);
			return (i % 2 ? a : b).append(id, header(body), body, now);
		});
		const results = await Promise.all(writes);
		writing = false;
		await reader;
		const final = await b.read(id, cursor, 500, 1 << 24, now);
		if (final.ok) for (const blob of final.blobs) seen.add(blob.id);
		expect(results.filter((r) => !r.ok)).toEqual([]);
		expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
		await Promise.all([a.close(), b.close()]);
	});

	test('compaction keeps a raced update; a retry is stored once; a deleted mailbox stays refused', async () => {
		const store: MailboxStore = await openPostgresStore(pg.url);
		const { id } = mailbox();
		const now = Date.now();
		const put = (body: Uint8Array) => store.append(id, header(body), body, now);
		const first = envelope(KIND.update, 1, 1);
		await put(first);
		await put(envelope(KIND.update, 1, 2));
		await put(envelope(KIND.update, 2, 1));
		expect(await put(first)).toEqual({ ok: true, id: 1, duplicate: true });
		expect(await put(envelope(KIND.snapshot, 3, 1, 2))).toEqual({
			ok: true,
			id: 4,
			duplicate: false
		});
		const page = await store.read(id, 0, 500, 1 << 24, now);
		expect(page.ok && page.blobs.map((b) => b.id)).toEqual([3, 4]);
		await store.remove(id, now);
		expect(await put(envelope(KIND.seed, 4, 1))).toEqual({ ok: false, reason: 'gone' });
		expect(await store.read(id, 0, 500, 1 << 24, now)).toEqual({ ok: false, reason: 'gone' });
		await store.close();
	});
});

describe('two instances sharing one PostgreSQL', () => {
	test('a mailbox written through one instance is read, and deleted, through the other', async () => {
		const instances: App[] = [];
		for (let i = 0; i < 2; i++) {
			const app = createApp({ root, port: 0, relay: { store: await openPostgresStore(pg.url) } });
			instances.push(app);
		}
		const [one, two] = await Promise.all(instances.map((app) => app.listen()));
		const m = mailbox();
		const headers = { Authorization: m.auth, 'Content-Type': 'application/octet-stream' };
		const stored = await fetch(`${one}/relay/v1/m/${m.id}/blobs`, {
			method: 'POST',
			headers,
			body: envelope(KIND.seed, 1, 1)
		});
		expect(await stored.json()).toMatchObject({ id: 1 });
		expect(await (await fetch(`${two}/relay/v1/m/${m.id}`, { headers })).json()).toMatchObject({
			count: 1,
			bytes: 330
		});
		expect((await fetch(`${two}/relay/v1/m/${m.id}`, { method: 'DELETE', headers })).status).toBe(
			204
		);
		expect((await fetch(`${one}/relay/v1/m/${m.id}/blobs`, { headers })).status).toBe(410);
		await Promise.all(instances.map((app) => app.close()));
	});

	test('killing an instance mid-upload loses no blob it acknowledged', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/relay/test-instance.ts'], {
			env: { ...process.env, KEPT_DATABASE_URL: pg.url, KEPT_TEST_ROOT: root },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const doomed = await new Promise<string>((done, fail) => {
			let out = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				out += chunk;
				const match = /listening (\S+)/.exec(out);
				if (match) done(match[1]);
			});
			child.once('exit', () => fail(new Error(`the instance exited:\n${out}`)));
		});
		const survivor = createApp({
			root,
			port: 0,
			relay: { store: await openPostgresStore(pg.url) }
		});
		const other = await survivor.listen();
		const m = mailbox();
		const headers = { Authorization: m.auth, 'Content-Type': 'application/octet-stream' };
		const acknowledged: number[] = [];
		const uploads = Array.from({ length: 60 }, async (_, i) => {
			try {
				const res = await fetch(`${doomed}/relay/v1/m/${m.id}/blobs`, {
					method: 'POST',
					headers,
					body: envelope(KIND.update, i + 1, 1)
				});
				if (res.status === 200) acknowledged.push(((await res.json()) as { id: number }).id);
			} catch {
				// Cut off by the kill: not acknowledged, so the device would send it again.
			}
		});
		// Kill it hard once some uploads are acknowledged and others are still in flight.
		await new Promise<void>((done) => {
			const poll = setInterval(() => {
				if (acknowledged.length < 10) return;
				clearInterval(poll);
				done();
			}, 1);
		});
		child.kill('SIGKILL');
		await Promise.all(uploads);
		const page = await fetch(`${other}/relay/v1/m/${m.id}/blobs?after=0`, { headers });
		const bytes = Buffer.from(await page.arrayBuffer());
		const metaLen = bytes.readUInt32BE(0);
		const ids: number[] = [];
		for (let at = 4 + metaLen; at < bytes.length; at += 8 + bytes.readUInt32BE(at + 4)) {
			ids.push(bytes.readUInt32BE(at));
		}
		expect(acknowledged.length).toBeGreaterThanOrEqual(10);
		for (const id of acknowledged) expect(ids).toContain(id);
		// And the ids it holds have no holes: nothing committed out of order.
		expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
		await survivor.close();
	}, 30_000);
});
