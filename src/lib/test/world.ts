/**
 * The fuzzer's world: partner A on two devices, partner B on one, the simulated network between
 * them, the log of writes, and what the walk has made so far (so it can pick targets and
 * check, after healing, that nothing acknowledged was lost and nothing private leaked).
 * Test-only.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { INITIAL, LOCAL, type PartnerId } from '../schema';
import { hasSubmitted } from '../checkins/answers';
import { Device, type Replica } from './devices';
import { WriteLog } from './write-log';
import { Network, type Faults } from './network';
import { exchange } from './peers';
import type { Rng } from './rng';

/** The two partners. */
export const A: PartnerId = 'ana';
export const B: PartnerId = 'ben';
export const PARTNERS: readonly PartnerId[] = [A, B];

/** Markers are unique tokens written into text, findable in any encoding: `~~j1a~~`. */
export const MARKER = /~~([a-z])([0-9a-z]+)~~/g;

/** Every marker in a text or in encoded bytes. */
export function markersIn(text: string | Uint8Array): string[] {
	const s = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
	return s.match(MARKER) ?? [];
}

/** A record the walk made, and who made it. */
export interface Made {
	id: string;
	by: PartnerId;
}

/** What the walk has made, by kind; targets are picked from here and looked up on the device. */
export interface Registry {
	clauses: string[];
	versions: string[];
	entries: Record<PartnerId, (Made & { day: string; clauseId: string })[]>;
	moments: Made[];
	setbacks: Made[];
	insights: (Made & { markers: string[] })[];
	actions: Made[];
	journal: Record<PartnerId, string[]>;
}

/** A marker typed into a Y.Text; it must survive unless a device that saw it erased it. */
export interface TextMarker {
	marker: string;
	group: string;
	path: string;
	step: number;
}

/** Everything the walk acts on and checks against. */
export class World {
	readonly clock = { step: 0 };
	readonly network: Network;
	readonly writes: WriteLog;
	readonly devices: Device[];
	readonly made: Registry = {
		clauses: [],
		versions: [],
		entries: { [A]: [], [B]: [] },
		moments: [],
		setbacks: [],
		insights: [],
		actions: [],
		journal: { [A]: [], [B]: [] }
	};
	readonly textMarkers: TextMarker[] = [];
	/** Journal markers a device erased (after seeing them): gone from the private doc for good. */
	readonly erased = new Set<string>();
	/**
	 * Journal entries erased on some device. Words typed into one concurrently on another device
	 * survive, but not always as typed: a text binding writes the smallest diff, which may reuse
	 * neighbouring characters that the erase then removes. So their markers are not looked for.
	 */
	readonly erasedEntries = new Set<string>();
	/** Journal markers chosen for sharing as an insight; every other one must stay private. */
	readonly sharedJournal = new Set<string>();
	/** Answer markers, with the check-in and partner they belong to (blind until both submit). */
	readonly answers = new Map<string, { checkinId: string; by: PartnerId }>();
	/** Markers of writes the model refused because the entry was locked: never in the document. */
	readonly refused = new Set<string>();
	/** Entries a refused write attempted to rewrite. */
	readonly lockedEntries = new Set<string>();
	/** Versions written damaged on purpose (a buggy peer): never agreed. */
	readonly damaged = new Set<string>();
	readonly counts: Record<string, number> = {};
	/** Global simulated time; each device adds its own clock error. */
	now = Date.UTC(2026, 2, 2, 9);
	#markers = 0;
	#clients = new Set<number>();
	#acked = new Map<string, Map<number, number>>();
	#detach = new Map<string, (() => void)[]>();

	constructor(
		readonly seed: number,
		readonly rng: Rng,
		faults: Faults,
		dbPrefix: string
	) {
		this.network = new Network(rng, faults);
		this.writes = new WriteLog(this.clock);
		const skew = () => rng.between(-30, 30) * 60_000;
		this.devices = [
			new Device('A1', A, skew(), 'privateA', dbPrefix),
			new Device('A2', A, skew(), 'privateA', dbPrefix),
			new Device('B', B, skew(), 'privateB', dbPrefix)
		];
	}

	/** `seed N step M`: where a failure happened, to replay it. */
	get at(): string {
		return `seed ${this.seed} step ${this.clock.step}`;
	}

	/** A fresh marker of a kind (one letter). */
	marker(kind: string): string {
		return `~~${kind}${(this.#markers++).toString(36)}~~`;
	}

	/** Counts something that happened. */
	count(what: string): void {
		this.counts[what] = (this.counts[what] ?? 0) + 1;
	}

	/** This device's clock. */
	timeOn(device: Device): number {
		return this.now + device.skew;
	}

	/** Devices that are open now. */
	get open(): Device[] {
		return this.devices.filter((d) => d.isOpen);
	}

	/** Every open replica of one document. */
	replicasOf(group: string): Replica[] {
		return this.open.flatMap((d) => d.replicas).filter((r) => r.group === group);
	}

	/** Opens a device from what it saved, checks nothing acknowledged is missing, and goes online. */
	async openDevice(device: Device, online = true): Promise<void> {
		for (const replica of device.replicas) {
			const doc = await replica.open(this.#newClientId());
			const loaded = Y.decodeStateVector(Y.encodeStateVector(doc));
			for (const [client, clock] of this.#acked.get(replica.id) ?? []) {
				expect(
					loaded.get(client) ?? 0,
					`${this.at}: ${replica.id} reopened without writes it had acknowledged`
				).toBeGreaterThanOrEqual(clock);
			}
			const detach = [this.writes.attach(doc, replica.group, device.name)];
			if (replica.group === 'shared') detach.push(this.#watchPrivacy(doc));
			this.#detach.set(replica.id, detach);
		}
		device.isOpen = true;
		if (online) this.goOnline(device);
	}

	/** Puts an open device's docs on the network. */
	goOnline(device: Device): void {
		for (const r of device.replicas) this.network.join(r.id, r.group, device.name, r.doc!);
	}

	/** Closes a device: gracefully (its writes flushed first) or abruptly (as a crash would). */
	async closeDevice(device: Device, graceful: boolean): Promise<void> {
		if (graceful) await this.flushDevice(device);
		for (const replica of device.replicas) {
			this.network.leave(replica.id);
			for (const off of this.#detach.get(replica.id) ?? []) off();
			await replica.close();
		}
		device.isOpen = false;
	}

	/** Waits until the device's IndexedDB holds all its docs hold: all of it is acknowledged. */
	async flushDevice(device: Device): Promise<void> {
		await Promise.all(device.replicas.map((r) => r.flush()));
		this.writes.acknowledge(device.name);
		for (const r of device.replicas) {
			this.#acked.set(r.id, Y.decodeStateVector(Y.encodeStateVector(r.doc!)));
		}
	}

	/** Ends every fault: all devices open, all links up, every message delivered, full exchange. */
	async heal(): Promise<void> {
		for (const d of this.devices) if (!d.isOpen) await this.openDevice(d);
		for (const a of this.devices)
			for (const b of this.devices) if (a !== b) this.network.setLink(a.name, b.name, true);
		this.network.drain();
		for (const group of this.groups) exchange(...this.replicasOf(group).map((r) => r.doc!));
		this.network.drain();
		for (const d of this.devices) await this.flushDevice(d);
	}

	/** The documents: the shared one and each partner's private one. */
	get groups(): string[] {
		return [...new Set(this.devices.flatMap((d) => d.replicas.map((r) => r.group)))];
	}

	/** Closes everything and deletes the saved data. */
	async dispose(): Promise<void> {
		for (const d of this.open) await this.closeDevice(d, true);
		for (const r of this.devices.flatMap((d) => d.replicas)) {
			await new Promise<void>((done) => {
				const req = indexedDB.deleteDatabase(r.dbName);
				req.onsuccess = req.onerror = req.onblocked = () => done();
			});
		}
	}

	#newClientId(): number {
		let id = this.rng.uint32();
		while (id === 0 || this.#clients.has(id)) id = this.rng.uint32();
		this.#clients.add(id);
		return id;
	}

	/**
	 * Checks every update a device makes to the shared doc as it leaves: no journal words that
	 * were never chosen for sharing, and no check-in answers before both partners submitted.
	 */
	#watchPrivacy(doc: Y.Doc): () => void {
		const onUpdate = (update: Uint8Array, origin: unknown) => {
			if (origin !== LOCAL && origin !== INITIAL) return;
			for (const m of markersIn(update)) {
				if (m[2] === 'j') {
					expect(this.sharedJournal.has(m), `${this.at}: journal words ${m} leaked`).toBe(true);
				}
				const answer = this.answers.get(m);
				if (answer) {
					const both = PARTNERS.every((p) => hasSubmitted(doc, answer.checkinId, p));
					expect(both, `${this.at}: answer ${m} shared before both submitted`).toBe(true);
				}
			}
		};
		doc.on('update', onUpdate);
		return () => doc.off('update', onUpdate);
	}
}
