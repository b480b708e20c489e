/**
 * How far the signaling server goes: `npm start`'s own server (server/main.ts) as a separate
 * process, so its memory is its own.
 *
 * - `connections`: 10,000 well-behaved clients in 5,000 rooms on one process, from many loopback
 *   addresses (limits are per address), then the abusers of signal-load.ts on top; the server's
 *   RSS and relay latency with and without abuse.
 * - `instances`: two processes sharing rooms through a real redis-server (started here on a free
 *   port); pairs split across them publish as fast as their limits allow; messages per second
 *   delivered from one instance to the other, and their latency.
 *
 * Nothing leaves the loopback interface; every loop is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { freePort, startRedis } from '../../server/test-redis';
import { loopbackAddress, tokenRoom, type ClientLoadResults } from './signal-clients';
import { clientsInWorker, openFileLimits } from './signal-load';
import { quantile, type Row } from './stats';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const mib = (kib: number) => Math.round(kib / 102.4) / 10;

/** A server process: server/main.ts on `port`, with `env`. */
async function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ALLOW_NON_BROWSER_CLIENTS: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((done, fail) => {
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk;
			if (output.includes('Kept is running')) done();
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.once('exit', () => fail(new Error(`The server on ${port} stopped:\n${output}`)));
	});
	return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

/** A process's resident memory now and at its peak, in KiB (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** What the connections group measured. */
export interface ConnectionsResults extends ClientLoadResults {
	/** Server RSS in MiB: started, holding every connection before any traffic, at its peak. */
	rss: { atStart: number; connected: number; peak: number };
	/** KiB of server RSS per open connection. */
	perConnectionKiB: number;
}

/** 10,000 clients (fewer when `ulimit -n` says so) on one server process. */
export async function runConnections(
	clients = 10_000,
	log: (line: string) => void = console.log
): Promise<ConnectionsResults> {
	const limits = openFileLimits();
	// Each client socket is a descriptor here and one in the server.
	const fits = limits ? Math.floor((limits.soft - 400) / 2) * 2 : clients;
	if (fits < clients) {
		log(`ulimit -n is ${limits?.soft}: running ${fits} clients instead of ${clients}`);
		clients = fits;
	}
	const port = await freePort();
	const server = await startServer(port, { MAX_CONNECTIONS: String(clients + 1000) });
	const pid = server.pid as number;
	try {
		const atStart = memoryOf(pid).rss;
		let connected = 0;
		let peak = atStart;
		const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).peak)), 200);
		const { results } = clientsInWorker(
			{
				url: `ws://127.0.0.1:${port}/signal`,
				clients,
				publishPerSecond: 0.2,
				payloadBytes: 1500,
				baselineMs: 6000,
				abuseMs: 8000,
				flooders: 20,
				malformed: 20,
				protocolViolators: 10,
				oversized: 10,
				slowReaders: 10,
				connectConcurrency: 200
			},
			(phase) => {
				if (phase === 'baseline') connected = memoryOf(pid).rss;
				log(`  ${phase} (server RSS ${mib(memoryOf(pid).rss)} MiB)`);
			}
		);
		const r = await results;
		clearInterval(sampler);
		peak = Math.max(peak, memoryOf(pid).peak);
		return {
			...r,
			rss: { atStart: mib(atStart), connected: mib(connected), peak: mib(peak) },
			perConnectionKiB: Math.round(((connected - atStart) / Math.max(1, r.connected)) * 10) / 10
		};
	} finally {
		await stopServer(server);
	}
}

/** One phase of the instances group: what was offered, what crossed, how late. */
export interface InstancesPhase {
	offeredPerSecond: number;
	seconds: number;
	sent: number;
	delivered: number;
	perSecond: number;
	latency: { p50: number; p99: number };
}

/** What the instances group measured: latency at a moderate load, then the most it carried. */
export interface InstancesResults {
	pairs: number;
	moderate: InstancesPhase;
	flat: InstancesPhase;
}

/** Two server processes sharing rooms through Redis; pairs split across them. */
export async function runInstances(
	pairs = 200,
	seconds = 5,
	log: (line: string) => void = console.log
): Promise<InstancesResults> {
	const redis = await startRedis();
	const ports = [await freePort(), await freePort()];
	const servers: ChildProcess[] = [];
	const sockets: WebSocket[] = [];
	try {
		for (const port of ports) servers.push(await startServer(port, { REDIS_URL: redis.url }));
		const open = (port: number, from: string) =>
			new Promise<WebSocket>((done, fail) => {
				const ws = new WebSocket(`ws://127.0.0.1:${port}/signal`, { localAddress: from });
				ws.once('open', () => done(ws));
				ws.once('error', fail);
				ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
			});
		let latencies: number[] = [];
		let delivered = 0;
		const rooms: { a: WebSocket; b: WebSocket; topic: string }[] = [];
		for (let i = 0; i < pairs; i++) {
			const { topic, token } = tokenRoom(`instances-${i}`);
			// Four clients per address, so the per-address budget (200 a second) is not what binds.
			const a = await open(ports[0], loopbackAddress(9, 2 * i, 4));
			const b = await open(ports[1], loopbackAddress(9, 2 * i + 1, 4));
			for (const ws of [a, b]) {
				ws.send(JSON.stringify({ type: 'subscribe', topics: [topic], tokens: [token] }));
				sockets.push(ws);
			}
			// Only what crossed from the other instance is counted.
			b.on('message', (data) => {
				const frame = JSON.parse(String(data)) as { data?: { at?: number } };
				if (typeof frame.data?.at !== 'number') return;
				delivered++;
				latencies.push(performance.now() - frame.data.at);
			});
			rooms.push({ a, b, topic });
		}
		// Both instances must hear each room before timing starts.
		await sleep(1000);

		/** One sender in `every` publishes `perTick` each 100 ms for `seconds`; counts what crossed. */
		const phase = async (perTick: number, every: number): Promise<InstancesPhase> => {
			const senders = rooms.filter((_, i) => i % every === 0);
			latencies = [];
			delivered = 0;
			let sent = 0;
			const started = performance.now();
			while (performance.now() - started < seconds * 1000) {
				const tick = performance.now();
				for (const { a, topic } of senders) {
					for (let k = 0; k < perTick; k++) {
						a.send(JSON.stringify({ type: 'publish', topic, data: { at: performance.now() } }));
						sent++;
					}
				}
				await sleep(Math.max(0, 100 - (performance.now() - tick)));
			}
			const sending = (performance.now() - started) / 1000;
			const counted = delivered;
			await sleep(2000);
			return {
				offeredPerSecond: Math.round(sent / sending),
				seconds: Math.round(sending * 10) / 10,
				sent,
				delivered,
				perSecond: Math.round(counted / sending),
				latency: {
					p50: Math.round(quantile(latencies, 0.5) * 100) / 100,
					p99: Math.round(quantile(latencies, 0.99) * 100) / 100
				}
			};
		};
		log(`  ${pairs} pairs across two instances: a moderate load, then as much as they carry`);
		// 500 a second in all (a quarter of the senders, ten a second each), then every sender at
		// forty a second (each one's own limit is fifty).
		const moderate = await phase(1, 4);
		const flat = await phase(4, 1);
		return { pairs, moderate, flat };
	} finally {
		for (const ws of sockets) ws.terminate();
		for (const server of servers) await stopServer(server);
		await redis.stop();
	}
}

/** The connections group as rows of the bench table. */
export function connectionsRows(r: ConnectionsResults): Row[] {
	return [
		{
			name: 'Signaling: connections held by one process',
			value: r.connected,
			unit: 'conns',
			note: `${r.pairs.total} rooms; ${r.failedToConnect} failed to connect; ${r.wellBehavedCut} cut`
		},
		{
			name: 'Signaling: server RSS holding them',
			value: r.rss.connected,
			unit: 'MiB',
			note: `from ${r.rss.atStart} MiB at start, ${r.perConnectionKiB} KiB a connection`
		},
		{ name: 'Signaling: server peak RSS (with abuse)', value: r.rss.peak, unit: 'MiB' },
		{ name: 'Signaling: relay p50 at that load', value: r.latency.baseline.p50, unit: 'ms' },
		{ name: 'Signaling: relay p99 at that load', value: r.latency.baseline.p99, unit: 'ms' },
		{
			name: 'Signaling: relay p50 at that load, under abuse',
			value: r.latency.underAbuse.p50,
			unit: 'ms'
		},
		{
			name: 'Signaling: relay p99 at that load, under abuse',
			value: r.latency.underAbuse.p99,
			unit: 'ms',
			note: `pairs served during/after abuse: ${r.pairs.underAbuse}/${r.pairs.after} of ${r.pairs.total}; flooders cut ${r.flooders.cut}/${r.flooders.count}`
		}
	];
}

/** The instances group as rows of the bench table. */
export function instancesRows(r: InstancesResults): Row[] {
	const { moderate, flat } = r;
	return [
		{
			name: 'Signaling: messages/s across two instances (Redis)',
			value: flat.perSecond,
			unit: 'msg/s',
			note: `${r.pairs} pairs split across them, ${flat.offeredPerSecond}/s offered; ${flat.delivered} of ${flat.sent} crossed`
		},
		{
			name: 'Signaling: cross-instance latency p50, at full load',
			value: flat.latency.p50,
			unit: 'ms'
		},
		{
			name: `Signaling: cross-instance latency p50, at ${moderate.offeredPerSecond} msg/s`,
			value: moderate.latency.p50,
			unit: 'ms',
			note: `${moderate.delivered} of ${moderate.sent} crossed`
		},
		{
			name: `Signaling: cross-instance latency p99, at ${moderate.offeredPerSecond} msg/s`,
			value: moderate.latency.p99,
			unit: 'ms'
		}
	];
}
