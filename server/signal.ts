import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { clientAddress, trustedProxySet } from './address';
import { localBus, type RoomBus } from './bus';
import {
	Bucket,
	createLocalLimiter,
	DEFAULT_ADDRESS_LIMITS,
	type AddressLimiter,
	type AddressLimits
} from './limits';
import { Metrics } from './metrics';
import type { MailboxNotifier } from './relay/notifier';
import { mailboxOfToken } from './relay/protocol';

/** Limits and hooks for the signaling server; every limit has a safe default. */
export interface SignalServerOptions {
	/** Browser origins allowed to connect (besides none: see `allowNonBrowserClients`). */
	allowedOrigins?: readonly string[] | ((origin: string) => boolean);
	/**
	 * Accept upgrades that carry no Origin header. Browsers always send one, so only other
	 * programs (tests, tools) need this; off unless the operator turns it on.
	 */
	allowNonBrowserClients?: boolean;
	/** Proxies whose X-Forwarded-For names the real client (see server/address.ts). */
	trustedProxies?: readonly string[];
	/** Largest frame in bytes; a bigger one closes the connection (1009). */
	maxPayload?: number;
	/** Topics one connection may subscribe to; further subscribes are ignored. */
	maxTopics?: number;
	/**
	 * Connections in one topic on this instance. A Kept room holds two partners' devices, so a
	 * small cap keeps one publish from being multiplied across many sockets.
	 */
	maxSubscribersPerTopic?: number;
	/** Longest topic name in characters. */
	maxTopicLength?: number;
	/** Token-bucket refill rate: messages per second per connection. */
	ratePerSecond?: number;
	/** Token-bucket size: how many messages a connection may send in one burst. */
	rateBurst?: number;
	/** Bytes per second per connection (sustained). */
	bytesPerSecond?: number;
	/** Bytes one connection may send in one burst. */
	bytesBurst?: number;
	/** Messages dropped by a limit, without a pause long enough to refill, before we hang up. */
	maxDropped?: number;
	/** Heartbeat interval; a connection that has not answered the previous ping is terminated. */
	heartbeatMs?: number;
	/** A connection subscribed to nothing for this long is closed (4000). */
	idleMs?: number;
	/** Open connections at once; further upgrades get 503. */
	maxConnections?: number;
	/** Bytes queued towards one receiver before we give up on it as not reading. */
	maxBufferedBytes?: number;
	/**
	 * Topics without a room token (anything not `k2-…`), as Kept spoke before room tokens. Kept's
	 * own devices no longer use them; allowed by default so an old page keeps working until it
	 * reloads. Nothing in them reaches a room a token protects.
	 */
	legacyTopics?: boolean;
	/** Limits per client address (connections, new connections, rate, subscriptions). */
	perAddress?: Partial<AddressLimits>;
	/** Where per-address counts live; by default in this process (`perAddress` applies). */
	limiter?: AddressLimiter;
	/** How rooms reach other instances; by default there are none. */
	bus?: RoomBus;
	/** Where to count; by default a registry of its own (see `SignalServer.metrics`). */
	metrics?: Metrics;
	/**
	 * Where "something new in mailbox X" comes from: a device sends `relay-watch` with its
	 * mailbox tokens and gets `relay-notice` frames (no content) on this socket.
	 */
	notifier?: MailboxNotifier;
	/** Sees every relayed frame; for privacy tests. Never set in production. */
	onRelay?: (topic: string, frame: string) => void;
}

/** Counters for health checks and tests; never any content. */
export interface SignalStats {
	connections: number;
	topics: number;
	relayed: number;
	dropped: number;
}

/** A y-webrtc signaling server to attach to an HTTP server's 'upgrade' event. */
export interface SignalServer {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	close(): void;
	stats(): SignalStats;
	/** Connections subscribed to one room on this instance (tests check a page is there once). */
	subscribers(topic: string): number;
	/** Whether it serves and, with several instances, reaches the others. */
	healthy(): boolean;
	/** Its counters, in Prometheus form through `metrics.render()`. */
	readonly metrics: Metrics;
}

/** Why something was refused or cut off; the label of `kept_signal_refusals_total`. */
export type Refusal =
	| 'origin'
	| 'no-origin'
	| 'capacity'
	| 'address-connections'
	| 'address-new-connections'
	| 'address-subscriptions'
	| 'rate'
	| 'cut-rate'
	| 'idle'
	| 'heartbeat'
	| 'slow-reader'
	| 'oversized'
	| 'token'
	| 'legacy-topic'
	| 'room-full'
	| 'topics';

/** Close codes a client sees, each with its reason. 1009 (too big) comes from ws itself. */
export const CLOSE = {
	idle: { code: 4000, reason: 'No room joined' },
	rate: { code: 4029, reason: 'Sending too fast' }
} as const;

/** The prefix of a topic protected by a room token: `k2-` + hex(SHA-256(token)). */
export const TOKEN_TOPIC_PREFIX = 'k2-';

interface Peer {
	address: string;
	topics: Set<string>;
	messages: Bucket;
	bytes: Bucket;
	dropped: number;
	alive: boolean;
	closed: boolean;
	idle: NodeJS.Timeout | undefined;
	/** Mailboxes this connection hears of, and how to stop. */
	watches: Map<string, () => void>;
}

type Message = Record<string, unknown>;

const KiB = 1024;
/** Mailboxes one connection may watch: the shared space's and the journal's. */
const MAX_WATCHES = 4;

/** Creates a y-webrtc-compatible signaling server with limits suitable for the open internet. */
export function createSignalServer(options: SignalServerOptions = {}): SignalServer {
	const {
		maxPayload = 64 * KiB,
		maxTopics = 32,
		maxSubscribersPerTopic = 16,
		maxTopicLength = 128,
		ratePerSecond = 50,
		rateBurst = 100,
		bytesPerSecond = 64 * KiB,
		bytesBurst = 256 * KiB,
		maxDropped = rateBurst,
		heartbeatMs = 30_000,
		idleMs = 15_000,
		maxConnections = 10_000,
		maxBufferedBytes = 1024 * KiB,
		legacyTopics = true,
		allowNonBrowserClients = false,
		bus = localBus,
		notifier,
		onRelay
	} = options;
	const isAllowedOrigin = toOriginCheck(options.allowedOrigins ?? []);
	const trusted = trustedProxySet(options.trustedProxies ?? []);
	const limiter = options.limiter ?? createLocalLimiter(options.perAddress);
	const maxAddressSubscriptions =
		options.perAddress?.subscriptions ?? DEFAULT_ADDRESS_LIMITS.subscriptions;

	// perMessageDeflate stays off (the ws default): inflating untrusted frames invites zip bombs.
	const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: false });
	const peers = new Map<WebSocket, Peer>();
	const subscribersByTopic = new Map<string, Set<WebSocket>>();
	const subscriptionsByAddress = new Map<string, number>();
	let pending = 0;
	let relayed = 0;
	let dropped = 0;
	let closed = false;

	const metrics = options.metrics ?? new Metrics();
	metrics.gauge('kept_signal_connections', 'Open signaling connections.', () => peers.size);
	metrics.gauge(
		'kept_signal_rooms',
		'Rooms with at least one subscriber on this instance.',
		() => subscribersByTopic.size
	);
	const accepted = metrics.counter(
		'kept_signal_connections_total',
		'Signaling connections accepted.'
	);
	const relayedCount = metrics.counter(
		'kept_signal_messages_total',
		'Messages published by this instance’s clients and relayed.'
	);
	const relayedBytes = metrics.counter(
		'kept_signal_relayed_bytes_total',
		'Bytes sent to subscribers on this instance.'
	);
	const fromBus = metrics.counter(
		'kept_signal_bus_messages_total',
		'Messages that arrived from other instances.'
	);
	const refusals = metrics.counter(
		'kept_signal_refusals_total',
		'Connections, subscriptions and messages refused or cut off, by reason.'
	);
	const refuse = (reason: Refusal) => refusals.inc({ reason });

	bus.onFrame((topic, frame) => {
		fromBus.inc();
		deliver(topic, frame);
	});

	const heartbeat = setInterval(() => {
		for (const [ws, peer] of peers) {
			if (!peer.alive) {
				refuse('heartbeat');
				hangUp(ws);
				continue;
			}
			peer.alive = false;
			try {
				ws.ping();
			} catch {
				hangUp(ws);
			}
		}
	}, heartbeatMs);
	heartbeat.unref();

	function isTopic(value: unknown): value is string {
		return typeof value === 'string' && value.length > 0 && value.length <= maxTopicLength;
	}

	/** Whether `token` opens `topic`: its hash for a token topic, nothing for a legacy one. */
	function mayJoin(topic: string, token: unknown): Refusal | null {
		if (!topic.startsWith(TOKEN_TOPIC_PREFIX)) return legacyTopics ? null : 'legacy-topic';
		if (typeof token !== 'string' || token.length === 0 || token.length > 128) return 'token';
		const hash = createHash('sha256').update(token).digest('hex');
		return hash === topic.slice(TOKEN_TOPIC_PREFIX.length) ? null : 'token';
	}

	function subscribe(ws: WebSocket, peer: Peer, message: Message): void {
		const topics = Array.isArray(message.topics) ? message.topics : [];
		const tokens = Array.isArray(message.tokens) ? message.tokens : [];
		for (let i = 0; i < topics.length; i++) {
			const topic: unknown = topics[i];
			if (!isTopic(topic) || peer.topics.has(topic)) continue;
			if (peer.topics.size >= maxTopics) return refuse('topics');
			const held = subscriptionsByAddress.get(peer.address) ?? 0;
			if (held >= maxAddressSubscriptions) return refuse('address-subscriptions');
			const refusal = mayJoin(topic, tokens[i]);
			if (refusal) {
				refuse(refusal);
				continue;
			}
			let subscribers = subscribersByTopic.get(topic);
			if (subscribers && subscribers.size >= maxSubscribersPerTopic) {
				refuse('room-full');
				continue;
			}
			if (!subscribers) {
				subscribersByTopic.set(topic, (subscribers = new Set()));
				bus.join(topic);
			}
			peer.topics.add(topic);
			subscribers.add(ws);
			subscriptionsByAddress.set(peer.address, held + 1);
		}
		if (peer.topics.size > 0) stopIdle(peer);
	}

	function unsubscribe(ws: WebSocket, peer: Peer, topic: string): void {
		if (!peer.topics.delete(topic)) return;
		const held = (subscriptionsByAddress.get(peer.address) ?? 1) - 1;
		if (held > 0) subscriptionsByAddress.set(peer.address, held);
		else subscriptionsByAddress.delete(peer.address);
		const subscribers = subscribersByTopic.get(topic);
		if (!subscribers) return;
		subscribers.delete(ws);
		if (subscribers.size === 0) {
			subscribersByTopic.delete(topic);
			bus.leave(topic);
		}
	}

	/** Only a token opens a watch (its hash is the mailbox id), so an id alone tells nothing. */
	function watch(ws: WebSocket, peer: Peer, message: Message): void {
		if (!notifier || !Array.isArray(message.tokens)) return;
		for (const token of message.tokens) {
			const mailbox = mailboxOfToken(token);
			if (!mailbox) {
				refuse('token');
				continue;
			}
			if (peer.watches.has(mailbox)) continue;
			if (peer.watches.size >= MAX_WATCHES) return refuse('topics');
			const notice = JSON.stringify({ type: 'relay-notice', mailbox });
			peer.watches.set(
				mailbox,
				notifier.watch(mailbox, () => send(ws, notice))
			);
		}
		if (peer.watches.size > 0) stopIdle(peer);
	}

	function startIdle(ws: WebSocket, peer: Peer): void {
		stopIdle(peer);
		peer.idle = setTimeout(() => cut(ws, 'idle', CLOSE.idle), idleMs);
		peer.idle.unref();
	}

	function stopIdle(peer: Peer): void {
		clearTimeout(peer.idle);
		peer.idle = undefined;
	}

	// Removes the peer at once, so nothing more is relayed to or from it while the socket winds down.
	function forget(ws: WebSocket): void {
		const peer = peers.get(ws);
		if (!peer) return;
		peer.closed = true;
		stopIdle(peer);
		for (const topic of [...peer.topics]) unsubscribe(ws, peer, topic);
		for (const stop of peer.watches.values()) stop();
		peer.watches.clear();
		peers.delete(ws);
	}

	function hangUp(ws: WebSocket): void {
		forget(ws);
		ws.terminate();
	}

	/** Closes with a code and reason the client can read; terminates if it does not answer. */
	function cut(ws: WebSocket, reason: Refusal, close: { code: number; reason: string }): void {
		refuse(reason);
		forget(ws);
		try {
			ws.close(close.code, close.reason);
		} catch {
			ws.terminate();
		}
		setTimeout(() => ws.terminate(), 1000).unref();
	}

	function send(ws: WebSocket, frame: string): void {
		if (ws.readyState !== WebSocket.OPEN) return;
		// A receiver that stops reading would otherwise make us buffer without bound.
		if (ws.bufferedAmount > maxBufferedBytes) {
			refuse('slow-reader');
			return hangUp(ws);
		}
		ws.send(frame, (error) => {
			if (error) hangUp(ws);
		});
	}

	function deliver(topic: string, frame: string): void {
		const subscribers = subscribersByTopic.get(topic);
		if (!subscribers) return;
		relayedBytes.inc(undefined, frame.length * subscribers.size);
		for (const subscriber of [...subscribers]) send(subscriber, frame);
	}

	/**
	 * Counts a message against its connection's and its address's budgets; false when it must
	 * be dropped. A sender that keeps going past the budget is cut off, so whoever it floods
	 * receives at most one burst.
	 */
	function admit(ws: WebSocket, peer: Peer, bytes: number): boolean {
		const now = performance.now();
		if (peer.messages.full(now) && peer.bytes.full(now)) peer.dropped = 0;
		if (
			peer.messages.take(1, now) &&
			peer.bytes.take(bytes, now) &&
			limiter.spend(peer.address, bytes)
		) {
			return true;
		}
		dropped++;
		refuse('rate');
		if (++peer.dropped > maxDropped) cut(ws, 'cut-rate', CLOSE.rate);
		return false;
	}

	function handle(ws: WebSocket, peer: Peer, message: Message): void {
		switch (message.type) {
			case 'subscribe':
				subscribe(ws, peer, message);
				break;
			case 'unsubscribe':
				if (Array.isArray(message.topics)) {
					for (const topic of message.topics) if (isTopic(topic)) unsubscribe(ws, peer, topic);
				}
				if (peer.topics.size === 0 && peer.watches.size === 0) startIdle(ws, peer);
				break;
			case 'publish': {
				const topic = message.topic;
				// y-webrtc always subscribes before it publishes; requiring it keeps strangers from
				// spraying topics they never joined (and never counted against maxTopics).
				if (!isTopic(topic) || !peer.topics.has(topic)) return;
				const subscribers = subscribersByTopic.get(topic);
				if (!subscribers) return;
				const frame = JSON.stringify({ ...message, clients: subscribers.size });
				relayed++;
				relayedCount.inc();
				deliver(topic, frame);
				bus.publish(topic, frame);
				onRelay?.(topic, frame);
				break;
			}
			case 'ping':
				send(ws, JSON.stringify({ type: 'pong' }));
				break;
			case 'relay-watch':
				watch(ws, peer, message);
				break;
		}
	}

	function accept(ws: WebSocket, address: string): void {
		const peer: Peer = {
			address,
			topics: new Set(),
			messages: new Bucket(ratePerSecond, rateBurst),
			bytes: new Bucket(bytesPerSecond, bytesBurst),
			dropped: 0,
			alive: true,
			closed: false,
			idle: undefined,
			watches: new Map()
		};
		peers.set(ws, peer);
		accepted.inc();
		startIdle(ws, peer);
		ws.on('pong', () => {
			peer.alive = true;
		});
		// Control frames count too, or a client could flood us with pings we must answer.
		ws.on('ping', (data) => {
			if (!peer.closed) admit(ws, peer, data.length);
		});
		ws.on('message', (data, isBinary) => {
			if (peer.closed || !admit(ws, peer, byteLength(data))) return;
			const message = toMessage(data, isBinary);
			if (!message) return;
			try {
				handle(ws, peer, message);
			} catch {
				// A hostile frame (e.g. nested too deeply to re-serialise) must not take the server down.
			}
		});
		// ws reports protocol violations (oversized or invalid frames) here and sends the close
		// frame itself (1009, 1007…); terminating now could cut that frame off.
		ws.on('error', (error: Error & { code?: string }) => {
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') refuse('oversized');
			forget(ws);
		});
		ws.on('close', () => forget(ws));
	}

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		const origin = req.headers.origin;
		if (origin === undefined ? !allowNonBrowserClients : !isAllowedOrigin(origin)) {
			refuse(origin === undefined ? 'no-origin' : 'origin');
			return reject(socket, 403, 'Forbidden');
		}
		if (closed || peers.size + pending >= maxConnections) {
			refuse('capacity');
			return reject(socket, 503, 'Service Unavailable');
		}
		const address = clientAddress(req, trusted);
		pending++;
		let refusal;
		try {
			refusal = await limiter.admit(address);
		} finally {
			pending--;
		}
		if (refusal) {
			refuse(refusal);
			return reject(socket, 429, 'Too Many Requests');
		}
		// Whatever happens to the socket from here (upgraded or not), its count ends with it.
		socket.once('close', () => limiter.release(address));
		if (closed || socket.destroyed) return void socket.destroy();
		wss.handleUpgrade(req, socket, head, (ws) => accept(ws, address));
	}

	return {
		metrics,
		handleUpgrade(req, socket, head) {
			void upgrade(req, socket, head).catch(() => socket.destroy());
		},
		close() {
			closed = true;
			clearInterval(heartbeat);
			for (const ws of [...peers.keys()]) hangUp(ws);
			wss.close();
		},
		healthy() {
			return !closed && bus.healthy();
		},
		stats() {
			return { connections: peers.size, topics: subscribersByTopic.size, relayed, dropped };
		},
		subscribers(topic) {
			return subscribersByTopic.get(topic)?.size ?? 0;
		}
	};
}

function byteLength(data: RawData): number {
	if (Buffer.isBuffer(data)) return data.length;
	if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
	return data.byteLength;
}

function toMessage(data: RawData, isBinary: boolean): Message | undefined {
	// y-webrtc only sends JSON text frames; anything else is noise or an attack.
	if (isBinary || !Buffer.isBuffer(data)) return undefined;
	try {
		const value: unknown = JSON.parse(data.toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Message)
			: undefined;
	} catch {
		return undefined;
	}
}

function toOriginCheck(
	allowed: readonly string[] | ((origin: string) => boolean)
): (origin: string) => boolean {
	if (typeof allowed === 'function') {
		return (origin) => {
			try {
				return allowed(origin);
			} catch {
				return false;
			}
		};
	}
	const origins = new Set(allowed.map(normalizeOrigin));
	return (origin) => origins.has(normalizeOrigin(origin));
}

/** Lower-cases an origin and drops a trailing slash, so configured and sent origins compare equal. */
export function normalizeOrigin(origin: string): string {
	return origin.trim().toLowerCase().replace(/\/+$/, '');
}

function reject(socket: Duplex, status: number, reason: string): void {
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
			`Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`
	);
}
