/**
 * Two server instances on loopback sharing one real redis-server (started here, on a free port):
 * a couple split across them still meets, limits per address hold across both, and an instance
 * that dies takes nothing from the couple on the other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { randomToken } from '../src/lib/sync/invite';
import { roomAccess } from '../src/lib/sync/room-token';
import { createApp, type App } from './app';
import type { AddressLimits } from './limits';
import { connectRedis, type RedisShared } from './redis';
import { Client } from './test-client';
import { startRedis, type TestRedis } from './test-redis';

let redis: TestRedis;
let root: string;
const running: { app: App; shared: RedisShared }[] = [];

beforeAll(async () => {
	redis = await startRedis();
	root = mkdtempSync(joinPath(tmpdir(), 'kept-redis-app-'));
	writeFileSync(joinPath(root, 'index.html'), '<!doctype html><title>Kept</title>');
}, 20_000);

afterAll(async () => {
	await redis?.stop();
	rmSync(root, { recursive: true, force: true });
});

afterEach(async () => {
	for (const { app, shared } of running.splice(0)) {
		await app.close();
		await shared.limiter.close();
		await shared.close();
	}
});

/** One instance: its own port, rooms and limits through the shared Redis. */
async function instance(perAddress: Partial<AddressLimits> = {}): Promise<string> {
	const shared = await connectRedis(redis.url, perAddress);
	const app = createApp({
		root,
		port: 0,
		host: '127.0.0.1',
		allowNonBrowserClients: true,
		signal: { bus: shared.bus, limiter: shared.limiter, perAddress }
	});
	running.push({ app, shared });
	return (await app.listen()).replace(/^http/, 'ws') + '/signal';
}

const clients: Client[] = [];
afterEach(() => {
	for (const client of clients.splice(0)) client.ws.terminate();
});

async function connect(url: string, from = 1): Promise<Client> {
	const client = new Client(url, { localAddress: `127.0.0.${from}` });
	clients.push(client);
	await client.opened();
	return client;
}

async function join(client: Client, topic: string, token: string): Promise<Client> {
	client.send({ type: 'subscribe', topics: [topic], tokens: [token] });
	await client.roundTrip();
	return client;
}

/** Publishes until the other side hears it: the first may beat the other instance's subscription. */
async function heard(from: Client, to: Client, topic: string, data: string): Promise<void> {
	let got = false;
	const listening = (async () => {
		for (;;) {
			const frame = await to.next();
			if (frame.data === data) return void (got = true);
		}
	})();
	for (let i = 0; i < 50 && !got; i++) {
		from.send({ type: 'publish', topic, data });
		await Promise.race([listening, new Promise((done) => setTimeout(done, 100))]);
	}
	await listening;
}

describe('rooms across instances', () => {
	test('partners connected to different instances hear each other, both ways, in order', async () => {
		const [one, two] = [await instance(), await instance()];
		const { topic, token } = roomAccess(randomToken(32));
		const ana = await join(await connect(one, 2), topic, token);
		const ben = await join(await connect(two, 3), topic, token);
		await heard(ana, ben, topic, 'hello from one');
		await heard(ben, ana, topic, 'hello from two');

		// Messages sent in a row arrive in that order on the other instance.
		for (let i = 0; i < 20; i++) ana.send({ type: 'publish', topic, data: `n${i}` });
		const received: unknown[] = [];
		while (received.length < 20) {
			const frame = await ben.next();
			if (String(frame.data).startsWith('n')) received.push(frame.data);
		}
		expect(received).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
	});

	test('a room on one instance stays out of another room on the other', async () => {
		const [one, two] = [await instance(), await instance()];
		const ours = roomAccess(randomToken(32));
		const theirs = roomAccess(randomToken(32));
		const ana = await join(await connect(one, 2), ours.topic, ours.token);
		const ben = await join(await connect(two, 3), ours.topic, ours.token);
		const other = await join(await connect(two, 4), theirs.topic, theirs.token);
		await heard(ana, ben, ours.topic, 'ours');
		expect(await other.roundTrip()).toEqual({ type: 'pong' });
	});

	test('when one instance dies, partners on the other carry on and a device reconnects there', async () => {
		const [one, two] = [await instance(), await instance()];
		const { topic, token } = roomAccess(randomToken(32));
		const ana = await join(await connect(one, 2), topic, token);
		const ben = await join(await connect(two, 3), topic, token);
		const benLaptop = await join(await connect(two, 4), topic, token);
		await heard(ana, ben, topic, 'before');

		const dead = running.shift()!;
		await dead.app.close();
		await dead.shared.close();
		expect(await ana.closed).toBe(1006);
		await heard(ben, benLaptop, topic, 'still here');
		// Ana's device reconnects, through the load balancer, to the instance that is left.
		const anaAgain = await join(await connect(two, 2), topic, token);
		await heard(anaAgain, ben, topic, 'back');
		expect(ben.ws.readyState).toBe(1);
	});
});

describe('limits per address across instances', () => {
	test('connections from one address are counted over both instances', async () => {
		const limits = { connections: 4 };
		const [one, two] = [await instance(limits), await instance(limits)];
		const results = await Promise.allSettled([
			...Array.from({ length: 3 }, () => connect(one, 9)),
			...Array.from({ length: 3 }, () => connect(two, 9))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
		expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
		// Another address is not affected, on either instance.
		await connect(one, 10);
		await connect(two, 10);
	});

	test('a closed connection frees its place on every instance', async () => {
		const limits = { connections: 2 };
		const [one, two] = [await instance(limits), await instance(limits)];
		const first = await connect(one, 11);
		await connect(two, 11);
		await expect(connect(two, 11)).rejects.toThrow('HTTP 429');
		first.ws.close();
		await first.closed;
		// The release reaches Redis a moment after the close.
		await expect
			.poll(async () => {
				try {
					await connect(two, 11);
					return true;
				} catch {
					return false;
				}
			})
			.toBe(true);
	});

	test('traffic from one address is summed across instances', async () => {
		// 10 messages a second per address: 100 per ten-second window, however they are spread.
		const limits = { messagesPerSecond: 10 };
		const [one, two] = [await instance(limits), await instance(limits)];
		const { topic, token } = roomAccess(randomToken(32));
		const a = await join(await connect(one, 12), topic, token);
		const b = await join(await connect(two, 12), topic, token);
		const refusals = () => {
			const text = running.map(({ app }) => app.metrics.render()).join('\n');
			const counts = [...text.matchAll(/kept_signal_refusals_total\{reason="rate"\} (\d+)/g)];
			return counts.reduce((sum, m) => sum + Number(m[1]), 0);
		};
		// Nine a second on each instance is within what either allows alone; together it passes
		// the window's budget within a full window, and both instances then refuse the address.
		const started = performance.now();
		while (refusals() === 0 && performance.now() - started < 15_000) {
			for (const client of [a, b]) {
				for (let i = 0; i < 9; i++) client.send({ type: 'publish', topic, data: i });
			}
			await new Promise((done) => setTimeout(done, 1000));
		}
		expect(refusals()).toBeGreaterThan(0);
		expect(performance.now() - started).toBeGreaterThan(4000);
	}, 25_000);
});

describe('health', () => {
	test('/healthz says degraded while Redis is away', async () => {
		const url = (await instance()).replace(/^ws/, 'http').replace('/signal', '/healthz');
		expect((await fetch(url)).status).toBe(200);
		await redis.stop();
		try {
			await expect.poll(async () => (await fetch(url)).status, { timeout: 10_000 }).toBe(503);
		} finally {
			redis = await startRedis();
		}
	});
});
