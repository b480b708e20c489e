/**
 * Limits per client address: open connections, new connections per minute, and messages and
 * bytes per second. One process keeps them in memory (`createLocalLimiter`); several instances
 * share them through Redis (`server/redis.ts`), which wraps this same local limiter.
 */

/** How much one address may do; every value has a default in `DEFAULT_ADDRESS_LIMITS`. */
export interface AddressLimits {
	/** Signaling connections open at once from one address. */
	connections: number;
	/** New signaling connections from one address per minute. */
	newConnectionsPerMinute: number;
	/** Messages per second from one address, over all its connections (burst: twice as many). */
	messagesPerSecond: number;
	/** Bytes per second from one address, over all its connections (burst: four times as many). */
	bytesPerSecond: number;
	/** Rooms joined at once from one address, over all its connections. */
	subscriptions: number;
}

/**
 * Generous enough for a household or a phone network's shared address (many people behind one
 * IPv4 address), far below what it takes to fill a server or flood a device.
 */
export const DEFAULT_ADDRESS_LIMITS: AddressLimits = {
	connections: 64,
	newConnectionsPerMinute: 120,
	messagesPerSecond: 200,
	bytesPerSecond: 256 * 1024,
	subscriptions: 256
};

/** Why an address may not open another connection now. */
export type AdmitRefusal = 'address-connections' | 'address-new-connections';

/** Per-address bookkeeping for the signaling server. */
export interface AddressLimiter {
	/** Counts a new connection from `address`, or says why it is refused. */
	admit(address: string): Promise<AdmitRefusal | null>;
	/** A connection `admit` let in has closed. */
	release(address: string): void;
	/** Counts one message of `bytes`; false when the address is over its budget right now. */
	spend(address: string, bytes: number): boolean;
	close(): Promise<void>;
}

/** A token bucket: `rate` per second, holding at most `burst`. */
export class Bucket {
	#tokens: number;
	#at: number;
	constructor(
		readonly rate: number,
		readonly burst: number,
		now = performance.now()
	) {
		this.#tokens = burst;
		this.#at = now;
	}

	/** Takes `n` tokens if there are that many; refills first. */
	take(n: number, now = performance.now()): boolean {
		this.#refill(now);
		if (this.#tokens < n) return false;
		this.#tokens -= n;
		return true;
	}

	/** Whether the bucket has refilled completely (the sender paused long enough). */
	full(now = performance.now()): boolean {
		this.#refill(now);
		return this.#tokens >= this.burst;
	}

	#refill(now: number): void {
		this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.rate);
		this.#at = now;
	}
}

interface AddressState {
	connections: number;
	newConnections: Bucket;
	messages: Bucket;
	bytes: Bucket;
}

/** The limiter of one process, in memory. */
export interface LocalLimiter extends AddressLimiter {
	/** Open connections this process counts for `address`. */
	connections(address: string): number;
}

/** Limits kept in this process's memory: the single-instance default. */
export function createLocalLimiter(partial: Partial<AddressLimits> = {}): LocalLimiter {
	const limits = { ...DEFAULT_ADDRESS_LIMITS, ...partial };
	const states = new Map<string, AddressState>();
	const state = (address: string): AddressState => {
		let s = states.get(address);
		if (!s) {
			const perMinute = limits.newConnectionsPerMinute;
			s = {
				connections: 0,
				newConnections: new Bucket(perMinute / 60, perMinute),
				messages: new Bucket(limits.messagesPerSecond, limits.messagesPerSecond * 2),
				bytes: new Bucket(limits.bytesPerSecond, limits.bytesPerSecond * 4)
			};
			states.set(address, s);
		}
		return s;
	};
	// Forget addresses with nothing open whose buckets have refilled, so the map stays small.
	const sweep = setInterval(() => {
		const now = performance.now();
		for (const [address, s] of states) {
			if (s.connections === 0 && s.newConnections.full(now) && s.messages.full(now)) {
				states.delete(address);
			}
		}
	}, 60_000);
	sweep.unref();
	return {
		async admit(address) {
			const s = state(address);
			if (s.connections >= limits.connections) return 'address-connections';
			if (!s.newConnections.take(1)) return 'address-new-connections';
			s.connections++;
			return null;
		},
		release(address) {
			const s = states.get(address);
			if (s && s.connections > 0) s.connections--;
		},
		spend(address, bytes) {
			const s = state(address);
			const now = performance.now();
			return s.messages.take(1, now) && s.bytes.take(bytes, now);
		},
		connections(address) {
			return states.get(address)?.connections ?? 0;
		},
		async close() {
			clearInterval(sweep);
			states.clear();
		}
	};
}
