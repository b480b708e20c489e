/**
 * The seeded random walk: each step the simulated clock moves on, faults may strike (a device
 * closes — flushed or crashed — or reopens from IndexedDB, a link between devices goes down or
 * comes back, IndexedDB compacts), one device performs one real domain operation, and the
 * network delivers some of what is in flight. Every `checkEvery` steps and at the end the faults
 * heal and every invariant is checked. Test-only.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { revealIfReady, setCheckinSchedule } from '../checkins';
import { addPartner } from '../partners/partners';
import { writeInitialContent } from '../schema';
import { expectAllInvariants, fingerprint, submittedCheckins } from './invariants';
import type { Faults, NetworkStats } from './network';
import { checkinOps } from './ops-checkins';
import { contractOps } from './ops-contract';
import { journalOps } from './ops-journal';
import { trackerOps } from './ops-tracker';
import { exchange } from './peers';
import { Rng } from './rng';
import { seedIds } from './seeded-ids';
import type { Ctx, Op } from './walk-context';
import { A, B, PARTNERS, World } from './world';

/** What to run. */
export interface WalkOptions {
	seed: number;
	/** Domain operations to perform. */
	ops: number;
	/** Heal and check every this many operations as well as at the end (0: only at the end). */
	checkEvery?: number;
	faults?: Partial<Faults>;
}

/** What a run did. */
export interface WalkReport {
	seed: number;
	ops: number;
	ms: number;
	counts: Record<string, number>;
	network: NetworkStats;
	/** The shared space's final content, hashed: the same for every run of one seed. */
	fingerprint: string;
}

const DEFAULT_FAULTS: Faults = {
	drop: 0.1,
	duplicate: 0.05,
	maxDelay: 8,
	perTick: 4,
	resync: 0.03
};

const OPS: Record<string, Op> = { ...contractOps, ...trackerOps, ...checkinOps, ...journalOps };
const WEIGHTS = Object.fromEntries(Object.entries(OPS).map(([name, op]) => [name, op.weight]));

let runs = 0;

/** Runs one seeded walk and checks every invariant; throws (with seed and step) on a violation. */
export async function runWalk(options: WalkOptions): Promise<WalkReport> {
	const started = performance.now();
	seedIds(options.seed);
	const rng = new Rng(options.seed);
	const faults = { ...DEFAULT_FAULTS, ...options.faults };
	const w = new World(options.seed, rng, faults, `kept-fuzz-${options.seed}-${runs++}`);
	try {
		await setUp(w);
		for (let i = 0; i < options.ops; i++) {
			w.clock.step = i;
			w.now += rng.between(1, 90) * 60_000;
			await injectFaults(w);
			perform(w);
			w.network.tick();
			// Let fake-indexeddb run the writes queued so far.
			if (i % 16 === 15) await new Promise((done) => setImmediate(done));
			if (options.checkEvery && (i + 1) % options.checkEvery === 0 && i + 1 < options.ops) {
				await settle(w);
				expectAllInvariants(w);
			}
		}
		w.clock.step = options.ops;
		await settle(w);
		expectAllInvariants(w);
		await expectReloadsSame(w);
		const shared = fingerprint(w.devices[0].shared.doc!);
		return {
			seed: options.seed,
			ops: options.ops,
			ms: Math.round(performance.now() - started),
			counts: w.counts,
			network: w.network.stats,
			fingerprint: shared
		};
	} finally {
		await w.dispose();
	}
}

/** Ana creates the space on A1, Ben joins on B, Ana adds A2; all three sync once, reliably. */
async function setUp(w: World): Promise<void> {
	for (const d of w.devices) await w.openDevice(d, false);
	const [a1, a2, b] = w.devices;
	writeInitialContent(a1.shared.doc!, { id: A, name: 'Ana' }, w.timeOn(a1));
	setCheckinSchedule(a1.shared.doc!, { weekday: 0, time: '20:00', minutes: 45 }, A, w.timeOn(a1));
	addPartner(b.shared.doc!, B, 'Ben', w.timeOn(b));
	// A joining device writes nothing else before its first sync (see DESIGN.md §6).
	exchange(a1.shared.doc!, a2.shared.doc!, b.shared.doc!);
	exchange(a1.private.doc!, a2.private.doc!);
	for (const d of w.devices) {
		await w.flushDevice(d);
		w.goOnline(d);
	}
}

async function injectFaults(w: World): Promise<void> {
	const { rng, network } = w;
	const open = w.open;
	if (open.length > 1 && rng.chance(0.004)) {
		const graceful = rng.chance(0.6);
		await w.closeDevice(rng.pick(open), graceful);
		w.count(graceful ? 'fault:close' : 'fault:crash');
	}
	for (const d of w.devices) {
		if (!d.isOpen && rng.chance(0.03)) {
			await w.openDevice(d);
			w.count('fault:reopen');
		}
	}
	if (rng.chance(0.012)) {
		const [a, b] = rng.shuffle(w.devices);
		const up = !network.isLinked(a.name, b.name);
		network.setLink(a.name, b.name, up);
		w.count(up ? 'fault:link up' : 'fault:link down');
	}
	if (rng.chance(0.003)) {
		for (const a of w.devices)
			for (const b of w.devices) if (a !== b) network.setLink(a.name, b.name, true);
		w.count('fault:all links up');
	}
	if (rng.chance(0.002)) {
		const d = rng.pick(w.open);
		for (const r of d.replicas) await r.compact();
		w.count('fault:compact');
	}
	if (rng.chance(0.02)) await w.flushDevice(rng.pick(w.open));
}

/**
 * Ends the faults, then lets every device do what the app does whenever the shared space changes
 * (share its answers once both partners submitted), and lets that reach everyone too.
 */
async function settle(w: World): Promise<void> {
	await w.heal();
	for (const d of w.devices) {
		const shared = d.shared.doc!;
		for (const checkinId of submittedCheckins(shared)) {
			revealIfReady(shared, d.private.doc!, checkinId, d.partner, PARTNERS, w.timeOn(d));
		}
	}
	await w.heal();
}

/** One operation by one open device, chosen by weight. */
function perform(w: World): void {
	const d = w.rng.pick(w.open);
	const name = w.rng.weighted(WEIGHTS);
	const c: Ctx = {
		w,
		d,
		doc: d.shared.doc!,
		priv: d.private.doc!,
		me: d.partner,
		other: d.partner === A ? B : A,
		now: w.timeOn(d),
		rng: w.rng
	};
	w.count(OPS[name].run(c) ? name : `${name} (nothing to act on)`);
}

/** Each device, closed and reopened, loads exactly the state it had. */
async function expectReloadsSame(w: World): Promise<void> {
	for (const d of w.devices) {
		const before = d.replicas.map((r) => Y.snapshot(r.doc!));
		await w.closeDevice(d, true);
		await w.openDevice(d, false);
		d.replicas.forEach((r, i) => {
			const same = Y.equalSnapshots(Y.snapshot(r.doc!), before[i]);
			expect(same, `${w.at}: ${r.id} reloaded differently`).toBe(true);
		});
	}
}
