import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../app';
import { connectRedis } from '../redis';
import { Client } from '../test-client';
import { startRedis, type TestRedis } from '../test-redis';
import { KIND, mailboxIdOf } from './protocol';
import { openSqliteStore } from './sqlite';

let redis: TestRedis;
let root: string;

beforeAll(async () => {
	redis = await startRedis();
	root = mkdtempSync(join(tmpdir(), 'kept-notice-'));
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kept</title>');
}, 30_000);
afterAll(async () => {
	await redis?.stop();
	rmSync(root, { recursive: true, force: true });
});

test('a device watching on one instance hears of a blob uploaded through another', async () => {
	const store = openSqliteStore(join(root, 'relay.sqlite'));
	const shared = await Promise.all([connectRedis(redis.url), connectRedis(redis.url)]);
	const apps = shared.map((s) =>
		createApp({
			root,
			port: 0,
			allowNonBrowserClients: true,
			signal: { bus: s.bus, limiter: s.limiter },
			relay: { store, notifier: s.notifier }
		})
	);
	const [one, two] = await Promise.all(apps.map((app) => app.listen()));
	const token = randomBytes(32);
	const id = mailboxIdOf(token);
	const partner = new Client(two.replace(/^http/, 'ws') + '/signal');
	await partner.opened();
	partner.send({ type: 'relay-watch', tokens: [token.toString('base64url')] });
	await partner.roundTrip();
	// Redis takes the instance's subscription asynchronously: wait until it holds it.
	const probe = new Redis(redis.url);
	await expect.poll(async () => (await probe.pubsub('NUMSUB', `kept:relay:${id}`))[1]).toBe(1);
	probe.disconnect();
	const body = new Uint8Array(346);
	body.set([1, KIND.seed]);
	new DataView(body.buffer).setUint32(10, 1);
	const res = await fetch(`${one}/relay/v1/m/${id}/blobs`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${token.toString('base64url')}`,
			'Content-Type': 'application/octet-stream'
		},
		body
	});
	expect(res.status).toBe(200);
	expect(await partner.next()).toEqual({ type: 'relay-notice', mailbox: id });
	partner.ws.close();
	// The first app closing closes the shared store too.
	await apps[1].close();
	await apps[0].close().catch(() => undefined);
	await Promise.all(shared.map((s) => s.close()));
});
