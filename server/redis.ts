/**
 * Several server instances behind one load balancer: rooms fan out through Redis pub/sub, and
 * the limits per address are counted in Redis, so spreading connections over instances gains
 * an abuser nothing. Set $REDIS_URL to use it (server/main.ts); without it the server keeps
 * everything in its own memory.
 *
 * Keys hold a hash of each address (`addressKey`), never the address, and expire by themselves:
 * an instance that dies leaves nothing behind for longer than a minute.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { addressKey } from './address';
import type { RoomBus } from './bus';
import type { MailboxNotifier } from './relay/notifier';
import { createRedisNotifier } from './relay/redis-notifier';
import {
	createLocalLimiter,
	DEFAULT_ADDRESS_LIMITS,
	type AddressLimiter,
	type AddressLimits,
	type AdmitRefusal
} from './limits';

/** The shared pieces for one instance; `close()` disconnects from Redis. */
export interface RedisShared {
	bus: RoomBus;
	limiter: AddressLimiter;
	/** Notices of new mailbox blobs, heard by every instance. */
	notifier: MailboxNotifier;
	close(): Promise<void>;
}

/** How long an instance's count of a connection lives without being refreshed. */
const CONNECTION_TTL_MS = 60_000;
/** Traffic per address is summed over windows this long, across instances. */
const RATE_WINDOW_MS = 10_000;
/** How often each instance adds its share of that traffic. */
const FLUSH_MS = 1_000;
/** A Redis command slower than this is given up: the instance then decides on its own counts. */
const COMMAND_TIMEOUT_MS = 1_000;

const ROOM_CHANNEL = 'kept:room:';

// Drops expired counts, then admits when the address is under both limits.
// KEYS: its connections (a sorted set scored by expiry), its new connections this minute.
// ARGV: now, expiry, member, connection limit, new-connection limit, key lifetime (ms).
const ADMIT = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
local n = redis.call('INCR', KEYS[2])
if n == 1 then redis.call('EXPIRE', KEYS[2], 120) end
if n > tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 0
`;

/** Connects to Redis at `url` and returns the bus and limiter this instance shares through it. */
export async function connectRedis(
	url: string,
	partial: Partial<AddressLimits> = {}
): Promise<RedisShared> {
	const limits = { ...DEFAULT_ADDRESS_LIMITS, ...partial };
	const options = { commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 };
	const pub = new Redis(url, { ...options, lazyConnect: true });
	// A connection in subscriber mode can do nothing else, so rooms get their own.
	const sub = new Redis(url, { ...options, lazyConnect: true, commandTimeout: undefined });
	for (const client of [pub, sub]) client.on('error', () => {});
	await Promise.all([pub.connect(), sub.connect()]);
	const instance = randomUUID();
	return {
		bus: createRedisBus(pub, sub, instance),
		limiter: createRedisLimiter(pub, instance, limits),
		notifier: createRedisNotifier(pub, sub, instance),
		async close() {
			await Promise.all([pub.quit().catch(() => {}), sub.quit().catch(() => {})]);
		}
	};
}

function createRedisBus(pub: Redis, sub: Redis, instance: string): RoomBus {
	/** Per topic: resolves once Redis has confirmed the subscription. */
	const subscribed = new Map<string, Promise<unknown>>();
	let deliver: (topic: string, frame: string) => void = () => {};
	const prefix = `${instance} `;
	sub.on('message', (channel: string, message: string) => {
		// Our own publishes were already delivered here directly.
		if (!channel.startsWith(ROOM_CHANNEL) || message.startsWith(prefix)) return;
		const space = message.indexOf(' ');
		if (space > 0) deliver(channel.slice(ROOM_CHANNEL.length), message.slice(space + 1));
	});
	return {
		join(topic) {
			subscribed.set(
				topic,
				sub.subscribe(ROOM_CHANNEL + topic).catch(() => undefined)
			);
		},
		leave(topic) {
			subscribed.delete(topic);
			void sub.unsubscribe(ROOM_CHANNEL + topic).catch(() => undefined);
		},
		publish(topic, frame) {
			// After this instance hears the room: an answer from elsewhere must find us listening.
			// Publishes queue behind one promise, so they leave in the order they came.
			const ready = subscribed.get(topic) ?? Promise.resolve();
			void ready.then(() => pub.publish(ROOM_CHANNEL + topic, prefix + frame)).catch(() => {});
		},
		onFrame(fn) {
			deliver = fn;
		},
		healthy: () => pub.status === 'ready' && sub.status === 'ready',
		async close() {
			subscribed.clear();
		}
	};
}

function createRedisLimiter(redis: Redis, instance: string, limits: AddressLimits): AddressLimiter {
	// Always enforced too: Redis may be slow or away, and one instance's share is never more
	// than the whole.
	const local = createLocalLimiter(limits);
	const membersByAddress = new Map<string, string[]>();
	const pending = new Map<string, { messages: number; bytes: number }>();
	/** Addresses over their shared budget, until the end of the current window. */
	const overUntil = new Map<string, number>();
	let sequence = 0;

	const connectionsKey = (address: string) => `kept:conns:${addressKey(address)}`;

	// Keep this instance's connections counted while they are open.
	const refresh = setInterval(() => {
		const expiry = Date.now() + CONNECTION_TTL_MS;
		const batch = redis.pipeline();
		for (const [address, members] of membersByAddress) {
			const key = connectionsKey(address);
			for (const member of members) batch.zadd(key, expiry, member);
			batch.pexpire(key, CONNECTION_TTL_MS);
		}
		if (batch.length > 0) void batch.exec().catch(() => {});
	}, CONNECTION_TTL_MS / 3);
	refresh.unref();

	// Add this instance's traffic per address to the window's totals, and learn who is over.
	const flush = setInterval(() => {
		if (pending.size === 0) return;
		const now = Date.now();
		const window = Math.floor(now / RATE_WINDOW_MS);
		const windowEnd = (window + 1) * RATE_WINDOW_MS;
		const batch = redis.multi();
		const addresses = [...pending.keys()];
		for (const address of addresses) {
			const { messages, bytes } = pending.get(address)!;
			const key = `kept:rate:${addressKey(address)}:${window}`;
			batch.hincrby(key, 'messages', messages);
			batch.hincrby(key, 'bytes', bytes);
			batch.pexpire(key, RATE_WINDOW_MS * 3);
		}
		pending.clear();
		const seconds = RATE_WINDOW_MS / 1000;
		void batch
			.exec()
			.then((replies) => {
				addresses.forEach((address, i) => {
					const messages = Number(replies?.[i * 3]?.[1] ?? 0);
					const bytes = Number(replies?.[i * 3 + 1]?.[1] ?? 0);
					if (
						messages > limits.messagesPerSecond * seconds ||
						bytes > limits.bytesPerSecond * seconds
					) {
						overUntil.set(address, windowEnd);
					}
				});
			})
			.catch(() => {});
		for (const [address, until] of overUntil) if (until <= now) overUntil.delete(address);
	}, FLUSH_MS);
	flush.unref();

	return {
		async admit(address): Promise<AdmitRefusal | null> {
			const refusal = await local.admit(address);
			if (refusal) return refusal;
			const member = `${instance}:${++sequence}`;
			const now = Date.now();
			try {
				const verdict = await redis.eval(
					ADMIT,
					2,
					connectionsKey(address),
					`kept:new:${addressKey(address)}:${Math.floor(now / 60_000)}`,
					now,
					now + CONNECTION_TTL_MS,
					member,
					limits.connections,
					limits.newConnectionsPerMinute,
					CONNECTION_TTL_MS
				);
				if (verdict === 1 || verdict === 2) {
					local.release(address);
					return verdict === 1 ? 'address-connections' : 'address-new-connections';
				}
			} catch {
				// Redis is away: this instance's own counts decide until it is back.
			}
			const members = membersByAddress.get(address) ?? [];
			members.push(member);
			membersByAddress.set(address, members);
			return null;
		},
		release(address) {
			local.release(address);
			const members = membersByAddress.get(address);
			const member = members?.pop();
			if (members?.length === 0) membersByAddress.delete(address);
			if (member) void redis.zrem(connectionsKey(address), member).catch(() => {});
		},
		spend(address, bytes) {
			const counted = pending.get(address) ?? { messages: 0, bytes: 0 };
			counted.messages++;
			counted.bytes += bytes;
			pending.set(address, counted);
			return local.spend(address, bytes) && !overUntil.has(address);
		},
		async close() {
			clearInterval(refresh);
			clearInterval(flush);
			const batch = redis.pipeline();
			for (const [address, members] of membersByAddress) {
				batch.zrem(connectionsKey(address), ...members);
			}
			if (batch.length > 0) await batch.exec().catch(() => {});
			membersByAddress.clear();
			await local.close();
		}
	};
}
