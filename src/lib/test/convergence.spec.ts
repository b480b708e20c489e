/**
 * Convergence under faults: three replicas of the shared space (Ana's two devices, Ben's one) and
 * both private journals, driven by a seeded random walk over the app's real domain functions
 * while the network drops, delays, duplicates and reorders messages, links partition and heal,
 * and devices close (or crash) and reopen from IndexedDB. See walk.ts and invariants.ts.
 *
 * CI runs 10,000 operations as four walks of 2,500, seeds 1 to 4; each walk is a fresh space. A
 * longer run splits into walks the same way, with seeds counting up from KEPT_FUZZ_SEED:
 *   KEPT_FUZZ_OPS=200000 KEPT_FUZZ_SEED=123 npx vitest run src/lib/test/convergence
 * KEPT_FUZZ_WALK sets the length of each walk (longer walks build up more history, and each step
 * costs more as it grows). A failure names its seed and step; rerun that seed alone to replay it:
 *   KEPT_FUZZ_SEED=150 KEPT_FUZZ_OPS=2500 npx vitest run src/lib/test/convergence
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { runWalk } from './walk';

// Reproducible ids: the walk picks records by id order, so ids come from the seed too.
vi.mock('../ids', () => import('./seeded-ids'));

const total = Number(process.env.KEPT_FUZZ_OPS ?? 10_000);
const walk = Number(process.env.KEPT_FUZZ_WALK ?? 2_500);
const first = Number(process.env.KEPT_FUZZ_SEED ?? 1);
const walks = Array.from({ length: Math.ceil(total / walk) }, (_, i) => ({
	seed: first + i,
	ops: Math.min(walk, total - i * walk)
}));
// Heal and check along the way too, so a long walk reports a failure near where it happened.
const checkEvery = Number(process.env.KEPT_FUZZ_CHECK_EVERY ?? 1_000);

// Days are local calendar days: pin the zone so a seed replays the same on every machine.
// Every domain call gets the simulated clock; should one read the real clock, it reads a fixed
// instant instead, so the run stays reproducible.
let zone: string | undefined;
beforeAll(() => {
	zone = process.env.TZ;
	process.env.TZ = 'UTC';
	vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 2, 2, 9));
});
afterAll(() => {
	vi.restoreAllMocks();
	if (zone === undefined) delete process.env.TZ;
	else process.env.TZ = zone;
});

// What the walks did, added up: together they must reach every interesting case.
const seen: Record<string, number> = {};

describe('convergence under faults', () => {
	for (const { seed, ops } of walks) {
		test(
			`seed ${seed}: ${ops} operations converge, lose nothing and leak nothing`,
			async () => {
				const report = await runWalk({ seed, ops, checkEvery });
				for (const [what, n] of Object.entries(report.counts)) seen[what] = (seen[what] ?? 0) + n;
				const faults = Object.entries(report.counts)
					.filter(([k]) => k.startsWith('fault:') || k.startsWith('refused:'))
					.map(([k, v]) => `${k} ${v}`)
					.join(', ');
				console.log(
					`seed ${seed}: ${ops} ops in ${report.ms} ms, space ${report.fingerprint}; ` +
						`network ${JSON.stringify(report.network)}; ${faults}`
				);
				expect(report.ops).toBe(ops);
			},
			60_000 + ops * 40
		);
	}

	test.runIf(total >= 2_000)('the walks reached the cases that matter', () => {
		for (const what of [
			'refused:locked',
			'refused:sign:changed',
			'fault:crash',
			'fault:close',
			'fault:reopen',
			'fault:link down',
			'fault:compact'
		]) {
			expect(seen[what] ?? 0, `never saw ${what}`).toBeGreaterThan(0);
		}
	});
});
