/**
 * The clients of the signaling load test (see signal-load.ts): well-behaved pairs that publish to
 * each other and time each relay, and the abusive ones — flooders, malformed and oversized frames,
 * raw protocol garbage, and slow readers that never read. Runs inline or in a worker thread (so
 * the server's thread measures only the server). Traffic goes only to the given loopback URL.
 */
import { createHash } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { quantile } from './stats';

/** What the clients do. */
export interface ClientLoadOptions {
	url: string;
	/** Well-behaved clients; two per room. */
	clients: number;
	/** Publishes per second by each well-behaved client. */
	publishPerSecond: number;
	/** Size of each well-behaved publish (y-webrtc's encrypted offers are about this big). */
	payloadBytes: number;
	baselineMs: number;
	abuseMs: number;
	flooders: number;
	malformed: number;
	/** Clients that break the WebSocket protocol; as many again send raw TCP. */
	protocolViolators: number;
	oversized: number;
	slowReaders: number;
	/** Connections opened at once while connecting. */
	connectConcurrency: number;
}

/** Relay latency samples summarised, in ms. */
export interface Latency {
	n: number;
	p50: number;
	p99: number;
	max: number;
}

/** What happened to the clients. */
export interface ClientLoadResults {
	connected: number;
	failedToConnect: number;
	latency: { baseline: Latency; underAbuse: Latency };
	/** Rooms whose two clients each heard the other, per phase. */
	pairs: { total: number; baseline: number; underAbuse: number; after: number };
	/** Well-behaved publishes the partner never received. */
	lost: number;
	/** Well-behaved clients the server hung up on. */
	wellBehavedCut: number;
	flooders: { count: number; cut: number };
	oversized: { count: number; closed1009: number };
	/** Clients sending malformed JSON-level frames: ignored, so they are still answered. */
	malformed: { count: number; alive: number };
	/** Clients breaking the WebSocket protocol (invalid UTF-8, unmasked frames, not HTTP). */
	protocol: { count: number; closed: number };
	slowReaders: { count: number; cut: number };
}

type Phase = 'connect' | 'baseline' | 'abuse' | 'after' | 'done';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// How each socket was closed, recorded as it happens (a close may come long before we ask).
const closeCodes = new WeakMap<WebSocket, number>();

/**
 * The loopback address client `i` of a group connects from. Limits are per address, as on the
 * internet, so clients spread over 127.0.0.0/8 (all of it is this machine) a few per address.
 */
export function loopbackAddress(group: number, i: number, perAddress = 16): string {
	const a = Math.floor(i / perAddress);
	return `127.${group}.${Math.floor(a / 250)}.${(a % 250) + 1}`;
}

/** A room's topic and token, as Kept's devices derive them (the server checks the hash). */
export function tokenRoom(name: string): { topic: string; token: string } {
	const token = createHash('sha256').update(`load-token:${name}`).digest('base64url');
	return { topic: 'k2-' + createHash('sha256').update(token).digest('hex'), token };
}

/** A client's socket, opened; undefined when it could not connect (e.g. no file descriptors). */
function open(url: string, localAddress?: string): Promise<WebSocket | undefined> {
	return new Promise((done) => {
		const ws = new WebSocket(url, { localAddress });
		ws.on('close', (code) => closeCodes.set(ws, code));
		ws.on('error', () => done(undefined));
		ws.once('open', () => done(ws));
		ws.once('unexpected-response', () => done(undefined));
	});
}

/** Resolves with the close code, or undefined if the socket is still open after `ms`. */
function closedWithin(ws: WebSocket, ms: number): Promise<number | undefined> {
	if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(closeCodes.get(ws) ?? 1006);
	return new Promise((done) => {
		const timer = setTimeout(() => done(undefined), ms);
		ws.once('close', (code) => {
			clearTimeout(timer);
			done(code);
		});
	});
}

/** Sends a ping frame and waits for the server's pong: the connection is served. */
function answers(ws: WebSocket, ms: number): Promise<boolean> {
	if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
	return new Promise((done) => {
		const timer = setTimeout(() => done(false), ms);
		const onMessage = (data: Buffer) => {
			if (String(data).includes('"pong"')) {
				clearTimeout(timer);
				ws.off('message', onMessage);
				done(true);
			}
		};
		ws.on('message', onMessage);
		ws.send(JSON.stringify({ type: 'ping' }));
	});
}

/** Opens `count` sockets, `concurrency` at a time, from loopback addresses of `group`. */
async function openMany(
	url: string,
	count: number,
	concurrency: number,
	group: number,
	perAddress = 16,
	onOpen: (ws: WebSocket, i: number) => void = () => {}
) {
	const sockets: (WebSocket | undefined)[] = [];
	for (let i = 0; i < count; i += concurrency) {
		const batch = Math.min(concurrency, count - i);
		sockets.push(
			...(await Promise.all(
				Array.from({ length: batch }, async (_, k) => {
					const ws = await open(url, loopbackAddress(group, i + k, perAddress));
					if (ws) onOpen(ws, i + k);
					return ws;
				})
			))
		);
	}
	return sockets;
}

function summarise(samples: number[]): Latency {
	const round = (x: number) => Math.round(x * 100) / 100;
	return {
		n: samples.length,
		p50: round(quantile(samples, 0.5)),
		p99: round(quantile(samples, 0.99)),
		max: round(samples.length ? samples.reduce((a, b) => Math.max(a, b)) : NaN)
	};
}

/** One well-behaved client: publishes to its room and times what its partner publishes. */
class Peer {
	partner!: Peer;
	sent = 0;
	heard = { baseline: 0, abuse: 0, after: 0 };
	cut = false;

	constructor(
		readonly ws: WebSocket,
		readonly index: number,
		readonly topic: string,
		readonly token: string,
		onHeard: (from: number, sentAt: number) => void
	) {
		ws.on('close', () => (this.cut = true));
		ws.on('message', (data) => {
			let frame: { type?: string; data?: { from?: number; at?: number } };
			try {
				frame = JSON.parse(String(data)) as typeof frame;
			} catch {
				return;
			}
			const from = frame.data?.from;
			if (frame.type === 'publish' && from === this.partner?.index) onHeard(from, frame.data!.at!);
		});
	}

	publish(padding: string): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		const data = { from: this.index, at: performance.now(), padding };
		this.ws.send(JSON.stringify({ type: 'publish', topic: this.topic, data }));
		this.sent++;
	}
}

/** Frames a careless or hostile client might send; each must be ignored, none may hurt. */
function badFrames(topic: string): (string | Buffer)[] {
	return [
		'not json',
		'[1,2,3]',
		'42',
		'null',
		'{"type":"subscribe","topics":"not-a-list"}',
		'{"type":"subscribe","topics":[1,{},null,""]}',
		JSON.stringify({ type: 'subscribe', topics: Array.from({ length: 1000 }, (_, i) => `t${i}`) }),
		'{"type":"publish","topic":"never-subscribed","data":1}',
		'{"type":"publish"}',
		`{"type":"publish","topic":${JSON.stringify(topic)},"data":${'['.repeat(20000)}${']'.repeat(20000)}}`,
		'{"type":"unknown"}',
		JSON.stringify({ type: 'subscribe', topics: ['x'.repeat(10000)] }),
		'{"type":"publish","topic":"__proto__","__proto__":{"polluted":true}}',
		Buffer.from([0, 1, 2, 3, 255])
	];
}

/** A client text frame (masked, as RFC 6455 requires of clients). */
function maskedFrame(text: string): Buffer {
	const payload = Buffer.from(text);
	const length = payload.length;
	const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = Buffer.alloc(head + 4 + length);
	frame[0] = 0x81;
	if (length < 126) frame[1] = 0x80 | length;
	else if (length < 65536) {
		frame[1] = 0x80 | 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 0x80 | 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	const mask = [0x12, 0x34, 0x56, 0x78];
	frame.set(mask, head);
	for (let i = 0; i < length; i++) frame[head + 4 + i] = payload[i] ^ mask[i & 3];
	return frame;
}

/** A raw TCP connection to the server, upgraded to a WebSocket by hand. */
function rawUpgrade(url: string, localAddress?: string): Promise<Socket | undefined> {
	const { hostname, port, pathname } = new URL(url);
	return new Promise((done) => {
		const socket: Socket = connectTcp({ port: Number(port), host: hostname, localAddress });
		const timer = setTimeout(() => (socket.destroy(), done(undefined)), 5000);
		socket.on('error', () => (clearTimeout(timer), done(undefined)));
		socket.on('connect', () => {
			socket.write(
				`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
					'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
					'Sec-WebSocket-Version: 13\r\n\r\n'
			);
		});
		socket.once('data', (data) => {
			clearTimeout(timer);
			done(String(data).startsWith('HTTP/1.1 101') ? socket : (socket.destroy(), undefined));
		});
	});
}

/** A raw client that breaks the framing rules (or, with `garbageOnly`, is not HTTP at all). */
async function rawViolation(url: string, garbageOnly: boolean): Promise<boolean> {
	const { hostname, port } = new URL(url);
	const from = loopbackAddress(8, 0, 1);
	const socket = garbageOnly
		? connectTcp({ port: Number(port), host: hostname, localAddress: from })
		: await rawUpgrade(url, from);
	if (!socket) return false;
	return new Promise((done) => {
		const timer = setTimeout(() => (socket.destroy(), done(false)), 5000);
		const finish = () => (clearTimeout(timer), done(true));
		socket.on('error', finish);
		socket.on('close', finish);
		socket.resume(); // read (and drop) the server's answer, or its hang-up is never seen
		// An unmasked text frame from a client is a protocol error (RFC 6455 §5.1).
		if (!garbageOnly) socket.write(Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
		else socket.write(Buffer.from('\x16\x03\x01 not http at all\r\n\r\n'));
	});
}

/** True once the server has hung up on a raw socket; false if it still holds after `ms`. */
function hungUpWithin(socket: Socket, ms: number): Promise<boolean> {
	if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
	return new Promise((done) => {
		const timer = setTimeout(() => done(false), ms);
		const finish = () => (clearTimeout(timer), done(true));
		socket.once('end', finish);
		socket.once('close', finish);
		socket.once('error', finish);
		socket.resume();
	});
}

/** Runs every client through the phases; `onPhase` lets the server side label its samples. */
export async function runClients(
	o: ClientLoadOptions,
	onPhase: (phase: Phase) => void = () => {}
): Promise<ClientLoadResults> {
	let phase: Phase = 'connect';
	const enter = (next: Phase) => {
		phase = next;
		onPhase(next);
	};
	const samples: Record<'baseline' | 'abuse', number[]> = { baseline: [], abuse: [] };

	// Well-behaved pairs.
	// Each joins its room as soon as it is open: a socket in no room is closed after a grace.
	const roomOf = (i: number) => tokenRoom(`room-${i >> 1}`);
	const sockets = await openMany(o.url, o.clients, o.connectConcurrency, 1, 16, (ws, i) => {
		const { topic, token } = roomOf(i);
		ws.send(JSON.stringify({ type: 'subscribe', topics: [topic], tokens: [token] }));
	});
	const peers: Peer[] = [];
	sockets.forEach((ws, i) => {
		if (!ws) return;
		const { topic, token } = roomOf(i);
		const peer = new Peer(ws, i, topic, token, (_from, at) => {
			const latency = performance.now() - at;
			if (phase === 'baseline' || phase === 'abuse') {
				samples[phase].push(latency);
				peer.heard[phase]++;
			} else if (phase === 'after') peer.heard.after++;
		});
		peers[i] = peer;
	});
	const pairs: [Peer, Peer][] = [];
	for (let i = 0; i + 1 < o.clients; i += 2) {
		const [a, b] = [peers[i], peers[i + 1]];
		if (!a || !b) continue;
		a.partner = b;
		b.partner = a;
		pairs.push([a, b]);
	}
	const live = pairs.flat();
	await Promise.all(live.map((p) => answers(p.ws, 10_000)));

	const padding = 'x'.repeat(Math.max(0, o.payloadBytes - 100));
	// Clients take turns to publish, at the configured rate overall, by the clock rather than by
	// counting ticks (timers run late under load).
	let publishing = true;
	const pump = (async () => {
		let due = 0;
		let next = 0;
		let last = performance.now();
		while (publishing) {
			const now = performance.now();
			due += ((now - last) / 1000) * live.length * o.publishPerSecond;
			last = now;
			for (; due >= 1; due--) live[next++ % live.length].publish(padding);
			await sleep(10);
		}
	})();

	enter('baseline');
	await sleep(o.baselineMs);

	// Abuse starts: all of it at once, while the pairs carry on.
	enter('abuse');
	const abuse = startAbuse(o);
	await sleep(o.abuseMs);
	const outcome = await abuse.stop();

	// Afterwards every pair must still reach each other.
	enter('after');
	// Long enough for every client's turn to publish to come round at least once.
	await sleep(Math.max(1500, 1000 / o.publishPerSecond + 1000));
	publishing = false;
	await pump;
	await sleep(500);
	const served = (key: 'baseline' | 'abuse' | 'after') =>
		pairs.filter(([a, b]) => a.heard[key] > 0 && b.heard[key] > 0).length;
	const heard = (p: Peer) => p.heard.baseline + p.heard.abuse + p.heard.after;
	const results: ClientLoadResults = {
		connected: sockets.filter(Boolean).length,
		failedToConnect: sockets.filter((s) => !s).length,
		latency: { baseline: summarise(samples.baseline), underAbuse: summarise(samples.abuse) },
		pairs: {
			total: pairs.length,
			baseline: served('baseline'),
			underAbuse: served('abuse'),
			after: served('after')
		},
		lost: live.reduce((sum, p) => sum + p.sent - heard(p.partner), 0),
		wellBehavedCut: live.filter((p) => p.cut).length,
		...outcome
	};
	enter('done');
	for (const p of live) p.ws.close();
	await Promise.all(live.map((p) => closedWithin(p.ws, 2000)));
	return results;
}

/** Starts every kind of abuse; `stop` ends it and reports what the server did to each. */
function startAbuse(o: ClientLoadOptions) {
	let running = true;
	const started = Promise.all([
		// Each kind of abuser from addresses of its own, one per address.
		openMany(o.url, o.flooders, o.connectConcurrency, 2, 1),
		openMany(o.url, o.oversized, o.connectConcurrency, 3, 1),
		openMany(o.url, o.malformed, o.connectConcurrency, 4, 1),
		openMany(o.url, o.slowReaders, o.connectConcurrency, 5, 1),
		Promise.all(
			Array.from({ length: o.slowReaders }, (_, i) => rawUpgrade(o.url, loopbackAddress(6, i, 1)))
		)
	]).then(async ([flooders, oversized, malformed, feeders, readers]) => {
		// Flooders: publish as fast as the socket takes it (and ping frames too), two per topic.
		const floods = flooders.filter((ws): ws is WebSocket => !!ws);
		floods.forEach((ws, i) => {
			const topic = `kept-load-flood-${i >> 1}`;
			ws.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
			const frame = JSON.stringify({ type: 'publish', topic, data: 'x'.repeat(200) });
			void (async () => {
				while (running && ws.readyState === WebSocket.OPEN) {
					for (let k = 0; k < 200 && ws.bufferedAmount < 1 << 20; k++) ws.send(frame);
					ws.ping();
					await new Promise((done) => setImmediate(done));
				}
			})();
		});
		// Oversized: one frame far past the limit, one just past it.
		const big = oversized.filter((ws): ws is WebSocket => !!ws);
		big.forEach((ws, i) => ws.send('x'.repeat(i % 2 ? 64 * 1024 + 1 : 1024 * 1024)));
		// Malformed: every bad frame, then a ping that must still be answered.
		const bad = malformed.filter((ws): ws is WebSocket => !!ws);
		bad.forEach((ws, i) => {
			ws.send(JSON.stringify({ type: 'subscribe', topics: [`kept-load-bad-${i}`] }));
			for (const frame of badFrames(`kept-load-bad-${i}`)) ws.send(frame);
		});
		// Protocol violations must close only that connection: a text frame that is not UTF-8, an
		// unmasked frame, bytes that are not HTTP at all.
		const violators = (
			await openMany(o.url, o.protocolViolators, o.connectConcurrency, 7, 1)
		).filter((ws): ws is WebSocket => !!ws);
		for (const ws of violators) ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
		const raw = Promise.all(
			Array.from({ length: o.protocolViolators }, (_, i) => rawViolation(o.url, i % 2 === 1))
		);
		// Slow readers: subscribe, then never read a byte (not even the heartbeat's pings), while a
		// feeder publishes big frames at them within its byte budget.
		const pairs: [Socket, WebSocket][] = [];
		readers.forEach((reader, i) => {
			const feeder = feeders[i];
			if (!reader || !feeder) return;
			const topic = `kept-load-slow-${i}`;
			reader.write(maskedFrame(JSON.stringify({ type: 'subscribe', topics: [topic] })));
			reader.pause();
			reader.on('error', () => {});
			feeder.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
			pairs.push([reader, feeder]);
		});
		const frame = (topic: string) =>
			JSON.stringify({ type: 'publish', topic, data: 'y'.repeat(60 * 1024) });
		const feeding = setInterval(() => {
			pairs.forEach(([, feeder], i) => {
				if (feeder.readyState === WebSocket.OPEN) feeder.send(frame(`kept-load-slow-${i}`));
			});
		}, 1000);
		return { floods, big, bad, violators, raw, pairs, feeding };
	});

	return {
		async stop() {
			const { floods, big, bad, violators, raw, pairs, feeding } = await started;
			running = false;
			clearInterval(feeding);
			const floodCodes = await Promise.all(floods.map((ws) => closedWithin(ws, 2000)));
			const bigCodes = await Promise.all(big.map((ws) => closedWithin(ws, 2000)));
			const badAlive = await Promise.all(bad.map((ws) => answers(ws, 2000)));
			const violatorCodes = await Promise.all(violators.map((ws) => closedWithin(ws, 2000)));
			const rawClosed = await raw;
			// Let the slow readers read again: one the server gave up on reaches the end at once.
			const slowCut = await Promise.all(pairs.map(([reader]) => hungUpWithin(reader, 3000)));
			for (const ws of [...floods, ...big, ...bad, ...violators, ...pairs.map(([, f]) => f)])
				ws.terminate();
			for (const [reader] of pairs) reader.destroy();
			return {
				flooders: { count: floods.length, cut: floodCodes.filter((c) => c !== undefined).length },
				oversized: { count: big.length, closed1009: bigCodes.filter((c) => c === 1009).length },
				malformed: { count: bad.length, alive: badAlive.filter(Boolean).length },
				protocol: {
					count: violators.length + rawClosed.length,
					closed:
						violatorCodes.filter((c) => c !== undefined).length + rawClosed.filter(Boolean).length
				},
				slowReaders: { count: pairs.length, cut: slowCut.filter(Boolean).length }
			};
		}
	};
}

// As a worker thread: run with the options given and post the results back.
if (parentPort && (workerData as { signalClients?: ClientLoadOptions } | null)?.signalClients) {
	const port = parentPort;
	const options = (workerData as { signalClients: ClientLoadOptions }).signalClients;
	runClients(options, (phase) => port.postMessage({ phase })).then(
		(results) => port.postMessage({ results }),
		(error: unknown) => port.postMessage({ error: String(error) })
	);
}
