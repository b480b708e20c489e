/**
 * The signaling server under load: our own server (server/signal.ts) in this process on
 * 127.0.0.1, a thousand well-behaved WebSocket clients in five hundred rooms, and abusive clients
 * at the same time (floods, malformed and oversized frames, protocol garbage, slow readers that
 * never read). Reports relay latency for the well-behaved pairs, peak memory, and whether they
 * kept being served. Bounded in time; nothing leaves the loopback interface.
 *
 *   node --import tsx scripts/bench/signal-load.ts            # 1,000 clients
 *   SIGNAL_LOAD_CLIENTS=200 node --import tsx scripts/bench/signal-load.ts
 *
 * `runSignalLoad(options)` does the same for `npm run bench`; `signalLoadRows` turns its results
 * into rows of the bench table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
	createSignalServer,
	type SignalServerOptions,
	type SignalStats
} from '../../server/signal';
import { runClients, type ClientLoadOptions, type ClientLoadResults } from './signal-clients';
import { printTable, type Row } from './stats';

/** What to run; every field has a default sized for the scenario. */
export interface SignalLoadOptions extends Partial<Omit<ClientLoadOptions, 'url'>> {
	/** Run the clients in a worker thread (default), or on this thread (for tests). */
	clientsIn?: 'worker' | 'thread';
	/** Server limits; by default the shipped ones, with room for every connection of the test. */
	server?: SignalServerOptions;
	/** Give up after this long (default 60 s). */
	timeoutMs?: number;
	/** Memory sampling interval (default 50 ms). */
	sampleMs?: number;
	log?: (line: string) => void;
}

/** Megabytes, rounded to 0.1. */
type MiB = number;

/** What the run measured. */
export interface SignalLoadResults extends ClientLoadResults {
	options: Omit<SignalLoadOptions, 'log'>;
	/** Set when the open-file limit forced fewer clients than asked for. */
	scaledDownFrom?: number;
	memory: {
		rssAtStart: MiB;
		peakRss: MiB;
		heapAtStart: MiB;
		peakHeapUsed: MiB;
		/** Buffers outside the JS heap (socket queues live here). */
		peakExternal: MiB;
		rssAfter: MiB;
		/** Whose memory the heap numbers are: the server's thread alone, or server and clients. */
		heapOf: 'server thread' | 'server and clients';
	};
	/** How late the server's event loop ran a 10 ms timer under load, in ms. */
	eventLoopDelay: { p50: number; p99: number; max: number };
	server: SignalStats;
	durationMs: number;
}

const DEFAULTS = {
	clients: 1000,
	publishPerSecond: 2,
	payloadBytes: 1500,
	baselineMs: 4000,
	abuseMs: 10_000,
	flooders: 20,
	malformed: 20,
	protocolViolators: 10,
	oversized: 10,
	slowReaders: 10,
	connectConcurrency: 100
} satisfies Omit<ClientLoadOptions, 'url'>;

const mib = (bytes: number): MiB => Math.round(bytes / 104857.6) / 10;

const LOOP_RESOLUTION_MS = 10;
/** ms a timer of the loop monitor fired late (its histogram holds whole intervals, in ns). */
const lateBy = (ns: number) => Math.max(0, Math.round(ns / 1e4 - LOOP_RESOLUTION_MS * 100) / 100);

/** The soft and hard limits on open files (`ulimit -n`), when the shell can tell. */
export function openFileLimits(): { soft: number; hard: number } | undefined {
	const out = spawnSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' });
	const [soft, hard] = (out.stdout ?? '').trim().split('\n').map(Number);
	if (!soft) return undefined;
	return { soft, hard: Number.isFinite(hard) ? hard : Infinity };
}

/** Connections the run opens at once. */
function connectionsFor(o: Omit<ClientLoadOptions, 'url'>): number {
	const { clients, flooders, malformed, protocolViolators, oversized, slowReaders } = o;
	return clients + flooders + malformed + protocolViolators * 2 + oversized + slowReaders * 2;
}

/** File descriptors the run needs: both ends of every socket are in this process. */
function descriptorsFor(o: Omit<ClientLoadOptions, 'url'>): number {
	return connectionsFor(o) * 2 + 128;
}

/** Runs the load test against a fresh in-process server and returns what it measured. */
export async function runSignalLoad(options: SignalLoadOptions = {}): Promise<SignalLoadResults> {
	const started = performance.now();
	const log = options.log ?? (() => {});
	const o = { ...DEFAULTS, ...options };
	let scaledDownFrom: number | undefined;
	const limits = openFileLimits();
	if (limits && descriptorsFor(o) > limits.soft) {
		// Too few descriptors: run what fits rather than fail half-way with EMFILE.
		const spare = limits.soft - (descriptorsFor({ ...o, clients: 0 }) + 64);
		scaledDownFrom = o.clients;
		o.clients = Math.max(2, Math.floor(spare / 4) * 2);
		log(
			`ulimit -n is ${limits.soft}: running ${o.clients} clients instead of ${scaledDownFrom} ` +
				`(raise it with "ulimit -n ${descriptorsFor({ ...o, clients: scaledDownFrom })}")`
		);
	}
	const connections = connectionsFor(o);
	// The load's clients are programs: they send no Origin, as a browser would.
	const signal = createSignalServer({
		maxConnections: connections + 64,
		allowNonBrowserClients: true,
		...options.server
	});
	const http = createServer((_req, res) => res.writeHead(404).end());
	http.on('upgrade', (req, socket, head) => {
		if (req.url === '/signal') signal.handleUpgrade(req, socket, head);
		else socket.destroy();
	});
	http.maxConnections = connections + 128;
	await new Promise<void>((done) => http.listen(0, '127.0.0.1', 1024, done));
	const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/signal`;

	const start = process.memoryUsage();
	const peak = { rss: start.rss, heapUsed: start.heapUsed, external: start.external };
	const sampler = setInterval(() => {
		const m = process.memoryUsage();
		peak.rss = Math.max(peak.rss, m.rss);
		peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
		peak.external = Math.max(peak.external, m.external);
	}, options.sampleMs ?? 50);
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	loop.enable();

	const clientOptions: ClientLoadOptions = { url, ...pick(o) };
	const onPhase = (phase: string) => log(`  ${phase} (${mib(process.memoryUsage().rss)} MiB RSS)`);
	const inWorker = (options.clientsIn ?? 'worker') === 'worker';
	log(
		`signaling load: ${o.clients} clients in ${o.clients >> 1} rooms, ${o.flooders} flooders, ` +
			`${o.malformed} malformed, ${o.protocolViolators * 2} protocol violators, ` +
			`${o.oversized} oversized, ${o.slowReaders} slow readers`
	);
	let timer: NodeJS.Timeout | undefined;
	let stopClients: (() => void) | undefined;
	try {
		const timeout = new Promise<never>((_, fail) => {
			timer = setTimeout(
				() => fail(new Error('signaling load test timed out')),
				options.timeoutMs ?? 60_000
			);
		});
		const worker = inWorker ? clientsInWorker(clientOptions, onPhase) : undefined;
		stopClients = worker?.stop;
		const clients = worker ? worker.results : runClients(clientOptions, onPhase);
		const results = await Promise.race([clients, timeout]);
		const after = process.memoryUsage();
		return {
			...results,
			options: { ...pick(o), clientsIn: inWorker ? 'worker' : 'thread', server: options.server },
			...(scaledDownFrom ? { scaledDownFrom } : {}),
			memory: {
				rssAtStart: mib(start.rss),
				peakRss: mib(peak.rss),
				heapAtStart: mib(start.heapUsed),
				peakHeapUsed: mib(peak.heapUsed),
				peakExternal: mib(peak.external),
				rssAfter: mib(after.rss),
				heapOf: inWorker ? 'server thread' : 'server and clients'
			},
			eventLoopDelay: {
				p50: lateBy(loop.percentile(50)),
				p99: lateBy(loop.percentile(99)),
				max: lateBy(loop.max)
			},
			server: signal.stats(),
			durationMs: Math.round(performance.now() - started)
		};
	} finally {
		stopClients?.();
		clearTimeout(timer);
		clearInterval(sampler);
		loop.disable();
		signal.close();
		http.closeAllConnections();
		await new Promise<void>((done) => http.close(() => done()));
	}
}

function pick(o: typeof DEFAULTS): Omit<ClientLoadOptions, 'url'> {
	const { clients, publishPerSecond, payloadBytes, baselineMs, abuseMs } = o;
	const { flooders, malformed, protocolViolators, oversized, slowReaders, connectConcurrency } = o;
	return {
		clients,
		publishPerSecond,
		payloadBytes,
		baselineMs,
		abuseMs,
		flooders,
		malformed,
		protocolViolators,
		oversized,
		slowReaders,
		connectConcurrency
	};
}

/** Runs the clients on their own thread, so this thread's heap and event loop are the server's. */
export function clientsInWorker(
	options: ClientLoadOptions,
	onPhase: (phase: string) => void
): { results: Promise<ClientLoadResults>; stop: () => void } {
	const file = new URL('./signal-clients.ts', import.meta.url).href;
	// The worker loads TypeScript through tsx, as this process does.
	const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(file)}); })`;
	const worker = new Worker(boot, { eval: true, workerData: { signalClients: options } });
	const results = new Promise<ClientLoadResults>((done, fail) => {
		worker.on('message', (m: { phase?: string; results?: ClientLoadResults; error?: string }) => {
			if (m.phase) onPhase(m.phase);
			if (m.results) done(m.results);
			if (m.error) fail(new Error(m.error));
		});
		worker.on('error', fail);
	});
	return { results, stop: () => void worker.terminate() };
}

/** The results as rows of the bench table. */
export function signalLoadRows(r: SignalLoadResults): Row[] {
	const rooms = `${r.pairs.total} rooms`;
	return [
		{
			name: 'Signaling relay latency, p50 (under abuse)',
			value: r.latency.underAbuse.p50,
			unit: 'ms',
			note: `${r.connected} clients, ${rooms}; ${r.latency.underAbuse.n} relays`
		},
		{
			name: 'Signaling relay latency, p99 (under abuse)',
			value: r.latency.underAbuse.p99,
			unit: 'ms'
		},
		{ name: 'Signaling relay latency, p50 (no abuse)', value: r.latency.baseline.p50, unit: 'ms' },
		{ name: 'Signaling relay latency, p99 (no abuse)', value: r.latency.baseline.p99, unit: 'ms' },
		{
			name: 'Signaling peak RSS (server and clients)',
			value: r.memory.peakRss,
			unit: 'MiB',
			note: `from ${r.memory.rssAtStart} MiB`
		},
		{
			name: `Signaling peak heap used (${r.memory.heapOf})`,
			value: r.memory.peakHeapUsed,
			unit: 'MiB',
			note: `from ${r.memory.heapAtStart} MiB`
		},
		{
			name: 'Signaling pairs still served after abuse',
			value: r.pairs.after,
			unit: 'pairs',
			note: `of ${r.pairs.total}; ${r.wellBehavedCut} well-behaved cut, ${r.lost} relays lost`
		}
	];
}

/** A readable account of a run, for the console. */
export function describeSignalLoad(r: SignalLoadResults): string[] {
	const a = r;
	return [
		`well-behaved: ${a.connected} connected (${a.failedToConnect} failed), ${a.pairs.total} rooms; ` +
			`pairs served: ${a.pairs.baseline} before, ${a.pairs.underAbuse} during, ${a.pairs.after} after abuse; ` +
			`${a.wellBehavedCut} cut, ${a.lost} relays lost`,
		`abusers: flooders ${a.flooders.cut}/${a.flooders.count} cut; oversized ${a.oversized.closed1009}/` +
			`${a.oversized.count} closed with 1009; malformed ${a.malformed.alive}/${a.malformed.count} ` +
			`ignored and still answered; protocol violators ${a.protocol.closed}/${a.protocol.count} closed; ` +
			`slow readers ${a.slowReaders.cut}/${a.slowReaders.count} cut`,
		`server: ${a.server.relayed} relayed, ${a.server.dropped} dropped by the rate limit; ` +
			`event loop late by p50 ${a.eventLoopDelay.p50} ms, p99 ${a.eventLoopDelay.p99} ms, max ${a.eventLoopDelay.max} ms`,
		`memory: RSS ${a.memory.rssAtStart} → peak ${a.memory.peakRss} → ${a.memory.rssAfter} MiB; ` +
			`heap (${a.memory.heapOf}) ${a.memory.heapAtStart} → peak ${a.memory.peakHeapUsed} MiB; ` +
			`external peak ${a.memory.peakExternal} MiB; ${a.durationMs} ms in all`
	];
}

async function main(): Promise<void> {
	const clients = Number(process.env.SIGNAL_LOAD_CLIENTS ?? DEFAULTS.clients);
	const needed = descriptorsFor({ ...DEFAULTS, clients });
	const limits = openFileLimits();
	// Raise the soft limit for ourselves when the hard limit allows it (no root needed).
	if (limits && limits.soft < needed && limits.hard >= needed && !process.env.SIGNAL_LOAD_RAISED) {
		const self = fileURLToPath(import.meta.url);
		const child = spawnSync(
			'sh',
			['-c', `ulimit -n ${needed} && exec "$0" "$@"`, process.execPath, ...process.execArgv, self],
			{ stdio: 'inherit', env: { ...process.env, SIGNAL_LOAD_RAISED: '1' } }
		);
		process.exit(child.status ?? 1);
	}
	const results = await runSignalLoad({ clients, log: (line) => console.log(line) });
	console.log();
	printTable(signalLoadRows(results));
	console.log();
	for (const line of describeSignalLoad(results)) console.log(line);
	mkdirSync('bench-results', { recursive: true });
	writeFileSync('bench-results/signal-load.json', JSON.stringify(results, null, '\t'));
	console.log('\nWritten to bench-results/signal-load.json');
	const { pairs } = results;
	const ok =
		pairs.underAbuse === pairs.total &&
		pairs.after === pairs.total &&
		results.wellBehavedCut === 0 &&
		results.lost === 0;
	if (!ok) {
		console.error('✗ Some well-behaved clients were not served.');
		process.exit(1);
	}
	console.log('✓ Every well-behaved pair was served before, during and after the abuse.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
