import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { Client } from './test-client';
import { createSignalServer, CLOSE, type SignalServer, type SignalServerOptions } from './signal';

let http: Server;
let signal: SignalServer;
let url: string;
const clients: Client[] = [];

async function start(options: SignalServerOptions = {}): Promise<void> {
	// These clients are programs, not browsers: they send no Origin unless a test gives one.
	signal = createSignalServer({ allowNonBrowserClients: true, ...options });
	http = createServer();
	http.on('upgrade', (req, socket, head) => signal.handleUpgrade(req, socket, head));
	await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
	url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function connect(options?: ClientOptions): Promise<Client> {
	const client = new Client(url, options);
	clients.push(client);
	await client.opened();
	return client;
}

async function subscribed(topic: string, options?: ClientOptions): Promise<Client> {
	const client = await connect(options);
	client.send({ type: 'subscribe', topics: [topic] });
	await client.roundTrip();
	return client;
}

/** Two fresh clients in one topic still reach each other: the server is alive and relaying. */
async function expectHealthyPair(): Promise<void> {
	const topic = `healthy-${Math.random()}`;
	const a = await subscribed(topic);
	const b = await subscribed(topic);
	a.send({ type: 'publish', topic, data: 'still here' });
	expect(await b.next()).toEqual({ type: 'publish', topic, data: 'still here', clients: 2 });
}

afterEach(async () => {
	for (const client of clients.splice(0)) client.ws.terminate();
	signal.close();
	http.closeAllConnections();
	await new Promise((done) => http.close(done));
});

describe('relaying', () => {
	test('two clients in one topic exchange a publish; a client in another topic hears nothing', async () => {
		await start();
		const alice = await subscribed('room-a');
		const bob = await subscribed('room-a');
		const stranger = await subscribed('room-b');

		alice.send({ type: 'publish', topic: 'room-a', data: { sdp: 'offer' } });
		const expected = { type: 'publish', topic: 'room-a', data: { sdp: 'offer' }, clients: 2 };
		expect(await bob.next()).toEqual(expected);
		// y-webrtc's own server echoes to the sender too, and y-webrtc expects it.
		expect(await alice.next()).toEqual(expected);
		// The relay happened synchronously before the stranger's ping was read.
		expect(await stranger.roundTrip()).toEqual({ type: 'pong' });
		expect(signal.stats()).toEqual({ connections: 3, topics: 2, relayed: 1, dropped: 0 });
	});

	test('ping is answered with pong', async () => {
		await start();
		const client = await connect();
		client.send({ type: 'ping' });
		expect(await client.next()).toEqual({ type: 'pong' });
	});

	test('after unsubscribe a client no longer receives the topic', async () => {
		await start();
		const alice = await subscribed('room');
		const bob = await subscribed('room');
		bob.send({ type: 'unsubscribe', topics: ['room'] });
		await bob.roundTrip();

		alice.send({ type: 'publish', topic: 'room', data: 'hello?' });
		expect(await alice.next()).toMatchObject({ data: 'hello?', clients: 1 });
		expect(await bob.roundTrip()).toEqual({ type: 'pong' });
	});

	test('a connection cannot publish to a topic it has not subscribed to', async () => {
		await start();
		const member = await subscribed('room');
		const outsider = await connect();
		outsider.send({ type: 'publish', topic: 'room', data: 'spam' });
		await outsider.roundTrip();
		expect(await member.roundTrip()).toEqual({ type: 'pong' });
		expect(signal.stats().relayed).toBe(0);
	});

	test('onRelay sees each relayed frame exactly as sent to subscribers', async () => {
		const seen: [string, string][] = [];
		await start({ onRelay: (topic, frame) => seen.push([topic, frame]) });
		const alice = await subscribed('room');
		alice.send({ type: 'publish', topic: 'room', data: 'x' });
		await alice.next();
		expect(seen).toEqual([
			['room', JSON.stringify({ type: 'publish', topic: 'room', data: 'x', clients: 1 })]
		]);
	});
});

describe('hostile input', () => {
	test('malformed frames are ignored and the connection and server carry on', async () => {
		await start();
		const sender = await connect();
		const junk = ['not json', '{"type":', 'null', '42', '"publish"', '[]', '[{"type":"ping"}]'];
		for (const text of junk) sender.ws.send(text);
		sender.ws.send(Buffer.from(JSON.stringify({ type: 'ping' })), { binary: true });
		const shapes: unknown[] = [
			{},
			{ type: 42 },
			{ type: 'subscribe' },
			{ type: 'subscribe', topics: 'room' },
			{ type: 'subscribe', topics: [1, null, {}, [], '', 'x'.repeat(129)] },
			{ type: 'unsubscribe', topics: { length: 3 } },
			{ type: 'publish' },
			{ type: 'publish', topic: 7 },
			{ type: 'publish', topic: { toString: 'room' } },
			{ type: '__proto__', topics: ['room'] },
			{ type: 'subscribe', topics: ['__proto__', 'constructor'] }
		];
		for (const shape of shapes) sender.ws.send(JSON.stringify(shape));
		sender.ws.send('{"type":"publish","topic":"__proto__","__proto__":{"polluted":true}}');

		// The awkward but valid publish is relayed as data; the binary look-alike ping is not answered.
		expect(await sender.next()).toMatchObject({ topic: '__proto__', clients: 1 });
		expect(await sender.roundTrip()).toEqual({ type: 'pong' });
		expect(sender.ws.readyState).toBe(WebSocket.OPEN);
		expect({}).not.toHaveProperty('polluted');
		expect(signal.stats()).toMatchObject({ connections: 1, topics: 2, relayed: 1 });
		await expectHealthyPair();
	});

	test('a frame too deeply nested to re-serialise is dropped without harm', async () => {
		await start();
		const member = await subscribed('room');
		const nester = await subscribed('room');
		const depth = 30_000;
		const data = '['.repeat(depth) + ']'.repeat(depth);
		nester.ws.send(`{"type":"publish","topic":"room","data":${data}}`);
		expect(await nester.roundTrip()).toEqual({ type: 'pong' });
		expect(await member.roundTrip()).toEqual({ type: 'pong' });
		await expectHealthyPair();
	});

	test('a huge topic list subscribes at most maxTopics topics', async () => {
		await start({ maxTopics: 32 });
		const greedy = await connect();
		greedy.send({
			type: 'subscribe',
			topics: Array.from({ length: 5000 }, (_, i) => `t${i}`)
		});
		await greedy.roundTrip();
		expect(signal.stats().topics).toBe(32);

		greedy.send({ type: 'publish', topic: 't4999', data: 'ignored' });
		greedy.send({ type: 'publish', topic: 't31', data: 'allowed' });
		expect(await greedy.next()).toMatchObject({ topic: 't31', clients: 1 });
		await expectHealthyPair();
	});

	test('a crowded topic takes no more subscribers, so one publish cannot fan out without bound', async () => {
		await start({ maxSubscribersPerTopic: 3 });
		const members = [await subscribed('room'), await subscribed('room'), await subscribed('room')];
		const latecomer = await subscribed('room');
		latecomer.send({ type: 'publish', topic: 'room', data: 'not a member' });
		members[0].send({ type: 'publish', topic: 'room', data: 'hello' });
		expect(await members[1].next()).toMatchObject({ data: 'hello', clients: 3 });
		expect(await latecomer.roundTrip()).toEqual({ type: 'pong' });
		expect(signal.stats().relayed).toBe(1);
		await expectHealthyPair();
	});

	test('a frame over 64 KiB closes that connection only', async () => {
		await start();
		const member = await subscribed('room');
		const big = await subscribed('room');
		big.send({ type: 'publish', topic: 'room', data: 'x'.repeat(64 * 1024) });
		expect(await big.closed).toBe(1009);
		expect(await member.roundTrip()).toEqual({ type: 'pong' });
		expect(signal.stats().connections).toBe(1);
		await expectHealthyPair();
	});

	test('a flooding client has messages dropped, then is disconnected', async () => {
		// A slow refill keeps the count below independent of how fast this machine is.
		await start({ ratePerSecond: 1, rateBurst: 20, maxDropped: 20 });
		const listener = await subscribed('room');
		const flooder = await subscribed('room');
		let relayed = 0;
		listener.ws.on('message', () => relayed++);
		for (let i = 0; i < 500 && flooder.ws.readyState === WebSocket.OPEN; i++) {
			flooder.send({ type: 'publish', topic: 'room', data: i });
		}
		expect(await flooder.closed).toBe(CLOSE.rate.code);
		expect(flooder.reason).toBe('Sending too fast');
		// The burst, less the subscribe and ping, got through; the rest was dropped.
		expect(relayed).toBeGreaterThan(0);
		expect(relayed).toBeLessThanOrEqual(19);
		expect(signal.stats().dropped).toBeGreaterThan(20);
		await expectHealthyPair();
	});

	test('a client flooding protocol-level pings is disconnected too', async () => {
		await start({ ratePerSecond: 10, rateBurst: 20, maxDropped: 20 });
		const flooder = await connect();
		for (let i = 0; i < 500 && flooder.ws.readyState === WebSocket.OPEN; i++) flooder.ws.ping();
		expect(await flooder.closed).toBe(CLOSE.rate.code);
		await expectHealthyPair();
	});
});

describe('admission', () => {
	test('a disallowed Origin gets 403; an allowed one connects; a missing one only when allowed', async () => {
		await start({ allowedOrigins: ['https://kept.example/'], allowNonBrowserClients: false });
		await expect(connect({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
		await expect(connect({ origin: 'null' })).rejects.toThrow('HTTP 403');
		await expect(connect()).rejects.toThrow('HTTP 403');
		await expect(connect({ origin: 'https://KEPT.example' })).resolves.toBeInstanceOf(Client);
		expect(signal.stats().connections).toBe(1);
		const text = signal.metrics.render();
		expect(text).toContain('kept_signal_refusals_total{reason="origin"} 2');
		expect(text).toContain('kept_signal_refusals_total{reason="no-origin"} 1');
	});

	test('the origin allowlist may be a function; one that throws refuses', async () => {
		await start({
			allowedOrigins: (origin) => {
				if (origin === 'https://boom.example') throw new Error('boom');
				return origin.endsWith('.kept.example');
			}
		});
		await expect(connect({ origin: 'https://a.kept.example' })).resolves.toBeInstanceOf(Client);
		await expect(connect({ origin: 'https://boom.example' })).rejects.toThrow('HTTP 403');
	});

	test('connections beyond maxConnections get 503', async () => {
		await start({ maxConnections: 1 });
		await connect();
		await expect(connect()).rejects.toThrow('HTTP 503');
	});
});

describe('liveness', () => {
	test('heartbeat terminates a client that stops answering pings and keeps one that answers', async () => {
		await start({ heartbeatMs: 100 });
		const answering = await subscribed('room');
		const silent = await subscribed('room', { autoPong: false });
		expect(await silent.closed).toBe(1006);
		expect(answering.ws.readyState).toBe(WebSocket.OPEN);
		expect(signal.stats()).toMatchObject({ connections: 1, topics: 1 });
	});

	test('close() drops every connection promptly', async () => {
		await start();
		const a = await subscribed('room');
		const b = await connect();
		signal.close();
		expect(await Promise.all([a.closed, b.closed])).toEqual([1006, 1006]);
		expect(signal.stats()).toMatchObject({ connections: 0, topics: 0 });
	});
});
