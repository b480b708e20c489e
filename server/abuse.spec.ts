/**
 * Each abuse a stranger on the internet could try, with real sockets from distinct loopback
 * addresses (all of 127.0.0.0/8 is this machine): the abuse is refused or contained, and a
 * couple's own messages keep arriving meanwhile.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { randomToken } from '../src/lib/sync/invite';
import { roomAccess } from '../src/lib/sync/room-token';
import { CLOSE, createSignalServer, type SignalServer, type SignalServerOptions } from './signal';
import { Client } from './test-client';

let http: Server;
let signal: SignalServer;
let url: string;
const clients: Client[] = [];

async function start(options: SignalServerOptions = {}): Promise<void> {
	signal = createSignalServer({ allowNonBrowserClients: true, ...options });
	http = createServer();
	http.on('upgrade', (req, socket, head) => signal.handleUpgrade(req, socket, head));
	await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
	url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

afterEach(async () => {
	for (const client of clients.splice(0)) client.ws.terminate();
	signal.close();
	http.closeAllConnections();
	await new Promise((done) => http.close(done));
});

/** A client from the given loopback address (127.0.0.<n>). */
async function connect(from = 1): Promise<Client> {
	const client = new Client(url, { localAddress: `127.0.0.${from}` });
	clients.push(client);
	await client.opened();
	return client;
}

async function join(client: Client, topic: string, token?: string): Promise<Client> {
	client.send({ type: 'subscribe', topics: [topic], ...(token ? { tokens: [token] } : {}) });
	await client.roundTrip();
	return client;
}

/** A couple's two devices in their room, each from its own address. */
async function couple(key = randomToken(32)) {
	const { topic, token } = roomAccess(key);
	const ana = await join(await connect(2), topic, token);
	const ben = await join(await connect(3), topic, token);
	return { topic, token, ana, ben };
}

/** Ana publishes; Ben receives it (after whatever else is in his queue). */
async function expectDelivered(c: Awaited<ReturnType<typeof couple>>, data: string): Promise<void> {
	c.ana.send({ type: 'publish', topic: c.topic, data });
	for (;;) {
		const frame = await c.ben.next();
		if (frame.data === data) return;
	}
}

function refusals(reason: string): number {
	const line = signal.metrics
		.render()
		.split('\n')
		.find((l) => l.startsWith(`kept_signal_refusals_total{reason="${reason}"}`));
	return Number(line?.split(' ')[1] ?? 0);
}

describe('a couple no stranger can lock out', () => {
	test('strangers who know the room id cannot take the room’s places or reach the couple', async () => {
		await start({ maxSubscribersPerTopic: 4 });
		const key = randomToken(32);
		const { topic } = roomAccess(key);
		// Thirty-two strangers arrive first: some know only the room id and try the old topic,
		// some try the token-protected topic with a made-up token or none.
		const strangers: Client[] = [];
		for (let i = 0; i < 32; i++) {
			const stranger = await connect(10 + (i % 4));
			const attempt = i % 3;
			if (attempt === 0) await join(stranger, 'kept-room-id-from-an-old-invite');
			if (attempt === 1) await join(stranger, topic, randomToken(32));
			if (attempt === 2) await join(stranger, topic);
			strangers.push(stranger);
		}
		expect(refusals('token')).toBe(21);

		// The couple (even with a device more after a reload) joins and is heard.
		const c = await couple(key);
		const laptop = await join(await connect(4), topic, roomAccess(key).token);
		await expectDelivered(c, 'offer');
		expect(await laptop.next()).toMatchObject({ data: 'offer', clients: 3 });

		// A stranger's publish into the room goes nowhere; nothing of the couple's reached them.
		for (const stranger of strangers) stranger.send({ type: 'publish', topic, data: 'junk' });
		await expectDelivered(c, 'answer');
		for (const stranger of strangers) expect(await stranger.roundTrip()).toEqual({ type: 'pong' });
		expect(signal.stats().relayed).toBe(2);
	});

	test('a server that refuses tokenless topics refuses them; token rooms still work', async () => {
		await start({ legacyTopics: false });
		const old = await join(await connect(9), 'kept-room-id');
		old.send({ type: 'publish', topic: 'kept-room-id', data: 'x' });
		expect(await old.roundTrip()).toEqual({ type: 'pong' });
		expect(refusals('legacy-topic')).toBe(1);
		await expectDelivered(await couple(), 'still fine');
	});
});

describe('floods are cut off at the sender', () => {
	test('five sockets flooding a partner are closed, the partner gets a bounded amount, and the couple carries on', async () => {
		await start();
		const c = await couple();
		// The worst case: flooders that hold the room's token (say it leaked), all from one address.
		const flooders = await Promise.all(
			Array.from({ length: 5 }, async () => join(await connect(20), c.topic, c.token))
		);
		let junkBytes = 0;
		c.ben.ws.on('message', (data) => {
			if (String(data).includes('"junk"')) junkBytes += String(data).length;
		});
		const junk = JSON.stringify({ type: 'publish', topic: c.topic, data: 'x'.repeat(60_000) });
		const marker = ',"junk":1}';
		const frame = junk.slice(0, -1) + marker;
		// As fast as the sockets take it; bounded in count, so the test ends on any machine.
		await Promise.all(
			flooders.map(async (f) => {
				for (let i = 0; i < 2000 && f.ws.readyState === WebSocket.OPEN; i++) {
					f.ws.send(frame);
					if (i % 10 === 9) await new Promise((done) => setImmediate(done));
				}
			})
		);
		const codes = await Promise.all(flooders.map((f) => f.closed));
		expect(codes).toEqual(Array(5).fill(CLOSE.rate.code));
		expect(flooders[0].reason).toBe(CLOSE.rate.reason);

		await expectDelivered(c, 'after the flood');
		// One address may send 1 MiB at once and 256 KiB a second; five flooders without limits
		// pushed 10.9 MiB in 3 s.
		expect(junkBytes).toBeGreaterThan(0);
		expect(junkBytes).toBeLessThan(2 * 1024 * 1024);
		expect(refusals('cut-rate')).toBe(5);
	});

	test('a sender over its own byte budget is cut even with few, large messages', async () => {
		await start({ bytesPerSecond: 16 * 1024, bytesBurst: 64 * 1024, maxDropped: 5 });
		const c = await couple();
		const big = JSON.stringify({ type: 'publish', topic: c.topic, data: 'y'.repeat(30_000) });
		for (let i = 0; i < 20 && c.ana.ws.readyState === WebSocket.OPEN; i++) c.ana.ws.send(big);
		expect(await c.ana.closed).toBe(CLOSE.rate.code);
		// Ben is still served (a fresh partner device joins and hears him).
		const ana2 = await join(await connect(5), c.topic, c.token);
		c.ben.send({ type: 'publish', topic: c.topic, data: 'still here' });
		for (;;) if ((await ana2.next()).data === 'still here') break;
	});
});

describe('limits per address', () => {
	test('one address cannot fill the server: its connections beyond the limit get 429', async () => {
		await start({ maxConnections: 40, perAddress: { connections: 8 } });
		const results = await Promise.allSettled(Array.from({ length: 40 }, () => connect(30)));
		const opened = results.filter((r) => r.status === 'fulfilled').length;
		expect(opened).toBe(8);
		expect(results.find((r) => r.status === 'rejected')?.reason).toEqual(new Error('HTTP 429'));
		expect(refusals('address-connections')).toBe(32);
		await expectDelivered(await couple(), 'we still get in');
	});

	test('new connections per minute are limited per address', async () => {
		await start({ perAddress: { newConnectionsPerMinute: 5 } });
		for (let i = 0; i < 5; i++) (await connect(31)).ws.close();
		await expect(connect(31)).rejects.toThrow('HTTP 429');
		expect(refusals('address-new-connections')).toBe(1);
		await expectDelivered(await couple(), 'others are unaffected');
	});

	test('rooms joined at once are limited per address, over all its connections', async () => {
		await start({ perAddress: { subscriptions: 10 } });
		const greedy = await Promise.all([connect(32), connect(32), connect(32)]);
		for (const [n, client] of greedy.entries()) {
			client.send({ type: 'subscribe', topics: Array.from({ length: 8 }, (_, i) => `t${n}-${i}`) });
			await client.roundTrip();
		}
		expect(signal.stats().topics).toBe(10);
		await expectDelivered(await couple(), 'rooms for us too');
	});
});

describe('idle sockets', () => {
	test('a socket that joins no room is closed after a short grace; one in a room stays', async () => {
		await start({ idleMs: 200 });
		const idle = await connect(40);
		const c = await couple();
		expect(await idle.closed).toBe(CLOSE.idle.code);
		expect(idle.reason).toBe('No room joined');
		await expectDelivered(c, 'we stay');
		// Leaving every room starts the grace again.
		c.ana.send({ type: 'unsubscribe', topics: [c.topic] });
		expect(await c.ana.closed).toBe(CLOSE.idle.code);
		expect(c.ben.ws.readyState).toBe(WebSocket.OPEN);
	});
});
