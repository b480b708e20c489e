/**
 * The peer-to-peer link to the partner's devices: y-webrtc, with three repairs that matter
 * for real spaces — messages framed under 64 KiB (large first syncs arrive whole), updates
 * not echoed back to the peer they came from, and a watchdog that reconnects a peer which
 * connected but never synced. Its room on the signaling server is named and opened by a
 * token derived from the key (`room-token.ts`), so it follows the key.
 */
import { WebrtcProvider } from 'y-webrtc';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { Reassembler, toFrames } from './frames';
import { roomAccess } from './room-token';

/** How this device reaches its peers. */
export interface PeerOptions {
	/** The space's (or journal's) key: it names the room, opens it, and seals its messages. */
	key: string;
	signaling: string;
	iceServers: RTCIceServer[];
	/** Force relay-only ICE (phones behind strict networks; also used by tests). */
	relayOnly?: boolean;
	/** Called when the count of unreadable messages changes (see `unreadable`). */
	onUnreadable?: () => void;
	/** Called when a peer connection opens or finishes its first sync with this device. */
	onLinkChange?: () => void;
}

/** Signaling messages this device could not open with its key. */
export interface Unreadable {
	total: number;
	/** Since the last message that opened, or the last peer that synced. */
	inARow: number;
	lastAt?: number;
}

/** What the app needs to know of one peer connection. */
export interface PeerLink {
	id: string;
	connected: boolean;
	synced: boolean;
}

type Listener = (...args: unknown[]) => void;
interface SimplePeer {
	send(data: Uint8Array): void;
	listeners(event: string): Listener[];
	removeAllListeners(event: string): void;
	on(event: string, fn: Listener): void;
	destroyed?: boolean;
	_channel?: RTCDataChannel;
}
interface Conn {
	peer: SimplePeer;
	connected: boolean;
	synced: boolean;
	destroy(): void;
}
interface Room {
	webrtcConns: Map<string, Conn>;
	bcConns: Set<string>;
	_docUpdateHandler: (update: Uint8Array, origin: unknown) => void;
	doc: Y.Doc;
}
interface Watch {
	createdAt: number;
	connectedAt: number;
	lastFrameAt: number;
}

const NOT_CONNECTED_MS = 20_000;
const NOT_SYNCED_MS = 15_000;
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

/** The peer whose message is being applied right now: updates it caused are not sent back. */
let applyingFrom: SimplePeer | null = null;
/** While set, sends to this peer are dropped (the update came from it). */
let suppressed: SimplePeer | null = null;
let nextMessageId = 1;

/** A running connection to the room; `destroy()` leaves it. */
export class PeerSync {
	readonly provider: WebrtcProvider;
	readonly #watch = new WeakMap<Conn, Watch>();
	readonly #timer: ReturnType<typeof setInterval>;
	#room: Room | null = null;
	#onUnreadable: () => void;
	#onLinkChange: () => void;
	#unreadable: Unreadable = { total: 0, inARow: 0 };
	/**
	 * What this device tells its peers about itself, kept to say again on joining: y-webrtc
	 * clears it on leaving the room ('beforeunload' too, before this device knows it leaves).
	 */
	#presence: Record<string, unknown> | null;

	constructor(doc: Y.Doc, awareness: Awareness, options: PeerOptions) {
		this.#onUnreadable = options.onUnreadable ?? (() => undefined);
		const onLinkChange = options.onLinkChange ?? (() => undefined);
		this.#onLinkChange = () => {
			// A peer that synced holds the same key: whatever could not be read came from elsewhere.
			if (this.links.some((l) => l.synced)) this.#unreadable.inARow = 0;
			onLinkChange();
		};
		this.#presence = awareness.getLocalState();
		const { topic, token } = roomAccess(options.key);
		this.provider = new WebrtcProvider(topic, doc, {
			signaling: [options.signaling],
			password: options.key,
			topicToken: token,
			awareness,
			maxConns: 8,
			filterBcConns: true,
			peerOpts: {
				config: {
					iceServers: options.iceServers,
					iceTransportPolicy: options.relayOnly ? 'relay' : 'all'
				}
			}
		});
		this.provider.on('peers', () => this.#adoptNewConns());
		this.provider.on('signalingMessage', this.#onSignalingMessage);
		void this.provider.key.then(() => this.#adoptRoom());
		this.#timer = setInterval(() => this.#checkStuck(), 2_000);
		// y-webrtc leaves the room on 'beforeunload', which phones often skip when a page is put
		// away: 'pagehide' always comes, so the partner stops waiting on this page at once. A page
		// restored from the back-forward cache joins again.
		globalThis.addEventListener?.('pagehide', this.#onPageHide);
		globalThis.addEventListener?.('pageshow', this.#onPageShow);
	}

	#onPageHide = (): void => {
		if (this.provider.connected) this.#leave();
	};

	#onPageShow = (event: Event): void => {
		if ((event as PageTransitionEvent).persisted && !this.provider.connected) this.#join();
	};

	#leave(): void {
		this.#presence = this.provider.awareness.getLocalState() ?? this.#presence;
		this.provider.disconnect();
	}

	#join(): void {
		this.provider.connect();
		if (this.#presence && !this.provider.awareness.getLocalState()) {
			this.provider.awareness.setLocalState(this.#presence);
		}
	}

	/**
	 * A message this device cannot open is counted and set aside, never acted on: it may be
	 * junk from anyone who got hold of the room's token, so it must not disturb a working link.
	 */
	#onSignalingMessage = ({ readable }: { readable: boolean }): void => {
		if (readable) {
			if (this.#unreadable.inARow === 0) return;
			this.#unreadable = { ...this.#unreadable, inARow: 0 };
		} else {
			const { total, inARow } = this.#unreadable;
			this.#unreadable = { total: total + 1, inARow: inARow + 1, lastAt: Date.now() };
		}
		this.#onUnreadable();
	};

	/** Messages in this room that could not be opened with this device's key. */
	get unreadable(): Unreadable {
		return this.#unreadable;
	}

	/** The peer connections this device has now. */
	get links(): PeerLink[] {
		const room = this.#room;
		if (!room) return [];
		return [...room.webrtcConns.entries()].map(([id, c]) => ({
			id,
			connected: c.connected,
			synced: c.synced
		}));
	}

	/** Other tabs of this browser sharing the space. */
	get tabs(): number {
		return this.#room?.bcConns.size ?? 0;
	}

	/** Whether the signaling server is reachable now. */
	get signalingConnected(): boolean {
		return this.provider.signalingConns.some((c) => (c as { connected?: boolean }).connected);
	}

	destroy(): void {
		clearInterval(this.#timer);
		globalThis.removeEventListener?.('pagehide', this.#onPageHide);
		globalThis.removeEventListener?.('pageshow', this.#onPageShow);
		this.provider.off('signalingMessage', this.#onSignalingMessage);
		this.provider.destroy();
	}

	#adoptRoom(): void {
		const room = this.provider.room as unknown as Room | null;
		if (!room || this.#room === room) return;
		this.#room = room;
		const original = room._docUpdateHandler;
		const handler = (update: Uint8Array, origin: unknown) => {
			if (origin === room && applyingFrom) {
				suppressed = applyingFrom;
				try {
					original(update, origin);
				} finally {
					suppressed = null;
				}
			} else original(update, origin);
		};
		room.doc.off('update', original);
		room._docUpdateHandler = handler;
		if (this.provider.connected) room.doc.on('update', handler);
		this.#adoptNewConns();
	}

	#adoptNewConns(): void {
		const room = this.provider.room as unknown as Room | null;
		if (!room) return;
		for (const conn of room.webrtcConns.values()) {
			if (this.#watch.has(conn)) continue;
			const now = Date.now();
			const watch = { createdAt: now, connectedAt: 0, lastFrameAt: 0 };
			this.#watch.set(conn, watch);
			frame(conn, watch, this.#onLinkChange);
		}
	}

	#checkStuck(): void {
		const room = this.#room;
		if (!room) return;
		const now = Date.now();
		for (const conn of room.webrtcConns.values()) {
			const w = this.#watch.get(conn);
			if (!w || conn.synced) continue;
			const stuck = conn.connected
				? now - Math.max(w.connectedAt, w.lastFrameAt) > NOT_SYNCED_MS
				: now - w.createdAt > NOT_CONNECTED_MS;
			// Closing makes y-webrtc forget the peer and announce again, so both sides retry.
			if (stuck) conn.destroy();
		}
	}
}

/** y-protocols' message types: a sync message (0) whose step is 2 carries the peer's state. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;

/** Makes one connection's simple-peer send and receive framed messages. */
function frame(conn: Conn, watch: Watch, onLinkChange: () => void): void {
	const peer = conn.peer;
	const send = peer.send.bind(peer);
	const queue: Uint8Array[] = [];
	const flush = () => {
		const channel = peer._channel;
		while (queue.length > 0) {
			if (channel && channel.bufferedAmount > HIGH_WATER) {
				channel.bufferedAmountLowThreshold = LOW_WATER;
				channel.addEventListener('bufferedamountlow', flush, { once: true });
				return;
			}
			const next = queue.shift() as Uint8Array;
			try {
				send(next);
			} catch {
				// The channel closed under us; y-webrtc reconnects and resyncs from state vectors.
				queue.length = 0;
			}
		}
	};
	peer.send = (message: Uint8Array) => {
		if (peer === suppressed) return;
		if (peer.destroyed) throw new Error('closed');
		queue.push(...toFrames(message, nextMessageId++));
		flush();
	};
	const reassembler = new Reassembler();
	const handlers = peer.listeners('data');
	peer.removeAllListeners('data');
	peer.on('data', (data: unknown) => {
		watch.lastFrameAt = Date.now();
		const message = reassembler.push(data as Uint8Array);
		if (!message) return;
		const wasSynced = conn.synced;
		applyingFrom = peer;
		try {
			for (const h of handlers) h(message);
		} finally {
			applyingFrom = null;
		}
		// y-webrtc marks a peer synced only while its room is not yet synced as a whole, so a
		// peer that reconnects after the room once synced would never count as synced again.
		if (message[0] === MESSAGE_SYNC && message[1] === SYNC_STEP_2) {
			conn.synced = true;
			if (!wasSynced) onLinkChange();
		}
	});
	peer.on('connect', () => {
		watch.connectedAt = Date.now();
		// For the benchmarks: when a data channel opened, apart from what the sync then takes.
		globalThis.performance?.mark?.('kept:channel-open');
		onLinkChange();
	});
}
