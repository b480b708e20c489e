/**
 * A simulated, unreliable network between Y.Docs, for fuzzing convergence. Like Kept's sync
 * (y-webrtc with our no-echo repair), every node sends each update it makes or receives to every
 * linked node in its room, except back to where it came from; a link coming up (or a node
 * joining) starts with a state exchange both ways. Messages are dropped, duplicated, delayed and
 * reordered as the faults say; links between devices go down and up (partitions). Seeded through
 * `Rng`, so a run replays exactly. Test-only.
 */
import * as Y from 'yjs';
import type { Rng } from './rng';

/** How unreliable the network is. */
export interface Faults {
	/** Probability that a message is lost. */
	drop: number;
	/** Probability that a message is delivered twice. */
	duplicate: number;
	/** A message waits up to this many ticks before it may be delivered (then in random order). */
	maxDelay: number;
	/** At most this many ready messages are delivered per tick. */
	perTick: number;
	/**
	 * Probability per tick that one linked pair reconnects and exchanges state, as Kept's
	 * watchdog and y-webrtc's reconnects do; what was dropped before then arrives.
	 */
	resync: number;
}

/** The transaction origin of updates the network applies: who sent them. */
export class FromPeer {
	constructor(readonly nodeId: string) {}
}

interface Node {
	id: string;
	room: string;
	device: string;
	doc: Y.Doc;
	origin: FromPeer;
	listener: (update: Uint8Array, origin: unknown) => void;
}

interface Message {
	from: string;
	fromDevice: string;
	to: string;
	update: Uint8Array;
	readyAt: number;
}

/** Counters, for the report of a run. */
export interface NetworkStats {
	sent: number;
	delivered: number;
	dropped: number;
	duplicated: number;
	/** Lost because the link was down or the receiver closed when the message arrived. */
	lostInFlight: number;
}

/** Nodes (one per doc per device), the links between devices, and the messages in flight. */
export class Network {
	readonly stats: NetworkStats = {
		sent: 0,
		delivered: 0,
		dropped: 0,
		duplicated: 0,
		lostInFlight: 0
	};
	#rng: Rng;
	#faults: Faults;
	#nodes = new Map<string, Node>();
	#down = new Set<string>();
	#queue: Message[] = [];
	#time = 0;

	constructor(rng: Rng, faults: Faults) {
		this.#rng = rng;
		this.#faults = faults;
	}

	/** Messages waiting to be delivered. */
	get inFlight(): number {
		return this.#queue.length;
	}

	/** Puts a doc on the network (a device opened it) and syncs it with every linked node. */
	join(id: string, room: string, device: string, doc: Y.Doc): void {
		if (this.#nodes.has(id)) throw new Error(`${id} is already on the network`);
		const node: Node = {
			id,
			room,
			device,
			doc,
			origin: new FromPeer(id),
			listener: (update, origin) => {
				const from = origin instanceof FromPeer ? origin.nodeId : undefined;
				for (const peer of this.#peersOf(node))
					if (peer.id !== from) this.#send(node, peer, update);
			}
		};
		this.#nodes.set(id, node);
		doc.on('update', node.listener);
		for (const peer of this.#peersOf(node)) this.#syncPair(node, peer);
	}

	/** Takes a doc off the network (its device closed); what was sent to it is lost. */
	leave(id: string): void {
		const node = this.#nodes.get(id);
		if (!node) return;
		node.doc.off('update', node.listener);
		this.#nodes.delete(id);
	}

	/** Brings the link between two devices up or down; a link coming up syncs their docs. */
	setLink(deviceA: string, deviceB: string, up: boolean): void {
		const key = linkKey(deviceA, deviceB);
		if (up === !this.#down.has(key)) return;
		if (!up) {
			this.#down.add(key);
			return;
		}
		this.#down.delete(key);
		for (const a of this.#nodes.values()) {
			if (a.device !== deviceA) continue;
			for (const b of this.#peersOf(a)) if (b.device === deviceB) this.#syncPair(a, b);
		}
	}

	/** True when the two devices can reach each other. */
	isLinked(deviceA: string, deviceB: string): boolean {
		return !this.#down.has(linkKey(deviceA, deviceB));
	}

	/** One unit of time passes; some of the messages that are due arrive, in random order. */
	tick(): void {
		this.#time++;
		const ready: Message[] = [];
		const waiting: Message[] = [];
		for (const m of this.#queue) (m.readyAt <= this.#time ? ready : waiting).push(m);
		const budget = this.#rng.int(this.#faults.perTick + 1);
		const order = this.#rng.shuffle(ready);
		this.#queue = [...waiting, ...order.slice(budget)];
		for (const m of order.slice(0, budget)) this.#deliver(m);
		if (this.#rng.chance(this.#faults.resync)) {
			const nodes = [...this.#nodes.values()];
			const a = this.#rng.pick(nodes);
			const peers = this.#peersOf(a);
			if (peers.length > 0) this.#syncPair(a, this.#rng.pick(peers));
		}
	}

	/** Delivers everything in flight (and whatever that sends on), in random order, now. */
	drain(): void {
		while (this.#queue.length > 0) {
			const batch = this.#rng.shuffle(this.#queue);
			this.#queue = [];
			for (const m of batch) this.#deliver(m);
		}
	}

	#peersOf(node: Node): Node[] {
		return [...this.#nodes.values()].filter(
			(n) => n.room === node.room && n.id !== node.id && this.isLinked(n.device, node.device)
		);
	}

	#syncPair(a: Node, b: Node): void {
		this.#send(a, b, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
		this.#send(b, a, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)));
	}

	#send(from: Node, to: Node, update: Uint8Array): void {
		this.stats.sent++;
		if (this.#rng.chance(this.#faults.drop)) {
			this.stats.dropped++;
			return;
		}
		const copies = this.#rng.chance(this.#faults.duplicate) ? 2 : 1;
		if (copies === 2) this.stats.duplicated++;
		for (let i = 0; i < copies; i++) {
			const readyAt = this.#time + this.#rng.int(this.#faults.maxDelay + 1);
			this.#queue.push({ from: from.id, fromDevice: from.device, to: to.id, update, readyAt });
		}
	}

	#deliver(m: Message): void {
		const from = this.#nodes.get(m.from);
		const to = this.#nodes.get(m.to);
		// A message from a node that has since closed still arrives: it was already on the wire.
		if (!to || !this.isLinked(m.fromDevice, to.device)) {
			this.stats.lostInFlight++;
			return;
		}
		this.stats.delivered++;
		Y.applyUpdate(to.doc, m.update, from?.origin ?? new FromPeer(m.from));
	}
}

function linkKey(a: string, b: string): string {
	return a < b ? `${a}|${b}` : `${b}|${a}`;
}
