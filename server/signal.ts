import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** Limits and hooks for the signaling server; every limit has a safe default. */
export interface SignalServerOptions {
	/** Browser origins allowed to connect. Requests without an Origin header are always allowed. */
	allowedOrigins?: readonly string[] | ((origin: string) => boolean);
	/** Largest frame in bytes; a bigger one closes the connection (1009). */
	maxPayload?: number;
	/** Topics one connection may subscribe to; further subscribes are ignored. */
	maxTopics?: number;
	/**
	 * Connections in one topic. A Kept room holds two partners' devices, so a small cap keeps
	 * one publish from being multiplied across thousands of sockets.
	 */
	maxSubscribersPerTopic?: number;
	/** Longest topic name in characters. */
	maxTopicLength?: number;
	/** Token-bucket refill rate: messages per second per connection. */
	ratePerSecond?: number;
	/** Token-bucket size: how many messages a connection may send in one burst. */
	rateBurst?: number;
	/** Messages dropped by the rate limit, without a pause long enough to refill, before we hang up. */
	maxDropped?: number;
	/** Heartbeat interval; a connection that has not answered the previous ping is terminated. */
	heartbeatMs?: number;
	/** Open connections at once; further upgrades get 503. */
	maxConnections?: number;
	/** Bytes queued towards one receiver before we give up on it as not reading. */
	maxBufferedBytes?: number;
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
}

interface Peer {
	topics: Set<string>;
	tokens: number;
	refilledAt: number;
	dropped: number;
	alive: boolean;
	closed: boolean;
}

type Message = Record<string, unknown>;

const KiB = 1024;

/** Creates a y-webrtc-compatible signaling server with limits suitable for the open internet. */
export function createSignalServer(options: SignalServerOptions = {}): SignalServer {
	const {
		maxPayload = 64 * KiB,
		maxTopics = 32,
		maxSubscribersPerTopic = 32,
		maxTopicLength = 128,
		ratePerSecond = 50,
		rateBurst = 100,
		maxDropped = rateBurst,
		heartbeatMs = 30_000,
		maxConnections = 1024,
		maxBufferedBytes = 1024 * KiB,
		onRelay
	} = options;
	const isAllowedOrigin = toOriginCheck(options.allowedOrigins ?? []);

	// perMessageDeflate stays off (the ws default): inflating untrusted frames invites zip bombs.
	const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: false });
	const peers = new Map<WebSocket, Peer>();
	const subscribersByTopic = new Map<string, Set<WebSocket>>();
	let relayed = 0;
	let dropped = 0;
	let closed = false;

	const heartbeat = setInterval(() => {
		for (const [ws, peer] of peers) {
			if (!peer.alive) {
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

	function topicsIn(message: Message): string[] {
		return Array.isArray(message.topics) ? message.topics.filter(isTopic) : [];
	}

	function unsubscribe(ws: WebSocket, peer: Peer, topic: string): void {
		peer.topics.delete(topic);
		const subscribers = subscribersByTopic.get(topic);
		if (!subscribers) return;
		subscribers.delete(ws);
		if (subscribers.size === 0) subscribersByTopic.delete(topic);
	}

	// Removes the peer at once, so nothing more is relayed to or from it while the socket winds down.
	function forget(ws: WebSocket): void {
		const peer = peers.get(ws);
		if (!peer) return;
		peer.closed = true;
		for (const topic of [...peer.topics]) unsubscribe(ws, peer, topic);
		peers.delete(ws);
	}

	function hangUp(ws: WebSocket): void {
		forget(ws);
		ws.terminate();
	}

	function send(ws: WebSocket, frame: string): void {
		if (ws.readyState !== WebSocket.OPEN) return;
		// A receiver that stops reading would otherwise make us buffer without bound.
		if (ws.bufferedAmount > maxBufferedBytes) return hangUp(ws);
		ws.send(frame, (error) => {
			if (error) hangUp(ws);
		});
	}

	// Token bucket; returns false when the message must be dropped.
	function admit(ws: WebSocket, peer: Peer): boolean {
		const now = performance.now();
		peer.tokens = Math.min(
			rateBurst,
			peer.tokens + ((now - peer.refilledAt) / 1000) * ratePerSecond
		);
		peer.refilledAt = now;
		if (peer.tokens >= rateBurst) peer.dropped = 0;
		if (peer.tokens >= 1) {
			peer.tokens -= 1;
			return true;
		}
		dropped++;
		if (++peer.dropped > maxDropped) hangUp(ws);
		return false;
	}

	function handle(ws: WebSocket, peer: Peer, message: Message): void {
		switch (message.type) {
			case 'subscribe':
				for (const topic of topicsIn(message)) {
					if (peer.topics.has(topic)) continue;
					if (peer.topics.size >= maxTopics) break;
					let subscribers = subscribersByTopic.get(topic);
					if (subscribers && subscribers.size >= maxSubscribersPerTopic) continue;
					if (!subscribers) subscribersByTopic.set(topic, (subscribers = new Set()));
					peer.topics.add(topic);
					subscribers.add(ws);
				}
				break;
			case 'unsubscribe':
				for (const topic of topicsIn(message)) unsubscribe(ws, peer, topic);
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
				for (const subscriber of [...subscribers]) send(subscriber, frame);
				onRelay?.(topic, frame);
				break;
			}
			case 'ping':
				send(ws, JSON.stringify({ type: 'pong' }));
				break;
		}
	}

	function accept(ws: WebSocket): void {
		const peer: Peer = {
			topics: new Set(),
			tokens: rateBurst,
			refilledAt: performance.now(),
			dropped: 0,
			alive: true,
			closed: false
		};
		peers.set(ws, peer);
		ws.on('pong', () => {
			peer.alive = true;
		});
		// Control frames count too, or a client could flood us with pings we must answer.
		ws.on('ping', () => {
			admit(ws, peer);
		});
		ws.on('message', (data, isBinary) => {
			if (peer.closed || !admit(ws, peer)) return;
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
		ws.on('error', () => forget(ws));
		ws.on('close', () => forget(ws));
	}

	return {
		handleUpgrade(req, socket, head) {
			socket.on('error', () => socket.destroy());
			const origin = req.headers.origin;
			if (origin !== undefined && !isAllowedOrigin(origin)) return refuse(socket, 403, 'Forbidden');
			if (closed || peers.size >= maxConnections) {
				return refuse(socket, 503, 'Service Unavailable');
			}
			wss.handleUpgrade(req, socket, head, accept);
		},
		close() {
			closed = true;
			clearInterval(heartbeat);
			for (const ws of [...peers.keys()]) hangUp(ws);
			wss.close();
		},
		stats() {
			return { connections: peers.size, topics: subscribersByTopic.size, relayed, dropped };
		}
	};
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

function refuse(socket: Duplex, status: number, reason: string): void {
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
			`Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`
	);
}
