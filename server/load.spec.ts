/**
 * The signaling server under load, scaled down to run with the unit tests: the same scenario as
 * `scripts/bench/signal-load.ts` (which runs 1,000 clients), on one thread.
 */
import { expect, test } from 'vitest';
import { runSignalLoad } from '../scripts/bench/signal-load';

test('well-behaved pairs keep being served while others flood, send garbage, oversized frames or never read', async () => {
	const r = await runSignalLoad({
		clients: 100,
		flooders: 2,
		malformed: 3,
		protocolViolators: 2,
		oversized: 2,
		slowReaders: 2,
		publishPerSecond: 5,
		baselineMs: 1500,
		abuseMs: 3000,
		clientsIn: 'thread',
		// A reader that never reads is cut by whichever comes first: the heartbeat it cannot answer,
		// or its send queue passing this bound (the kernel's socket buffers fill first, which under
		// load takes longer than a unit test should; the full run uses the shipped limits).
		server: { heartbeatMs: 2000, maxBufferedBytes: 256 * 1024 }
	});

	// Every well-behaved pair heard each other before, during and after the abuse; nothing lost.
	expect(r.connected).toBe(100);
	expect(r.pairs).toEqual({ total: 50, baseline: 50, underAbuse: 50, after: 50 });
	expect(r.wellBehavedCut).toBe(0);
	expect(r.lost).toBe(0);
	expect(r.latency.underAbuse.n).toBeGreaterThan(100);

	// Each abuser met its limit, and only its own connection was closed.
	expect(r.flooders.cut).toBe(r.flooders.count);
	expect(r.oversized.closed1009).toBe(r.oversized.count);
	expect(r.malformed).toEqual({ count: 3, alive: 3 }); // JSON-level garbage is ignored
	expect(r.protocol).toEqual({ count: 4, closed: 4 }); // broken framing is closed
	expect(r.slowReaders.cut).toBe(r.slowReaders.count);

	// Memory stays bounded: the server does not buffer for readers that never read.
	expect(r.memory.peakHeapUsed - r.memory.heapAtStart).toBeLessThan(64);
	expect(r.memory.peakRss - r.memory.rssAtStart).toBeLessThan(256);
}, 30_000);
