/**
 * What a view derived from a shared document, kept until a watched root changes or the calendar
 * day turns. Reading through `memo` also makes the reader depend on those roots and on midnight
 * (`createSubscriber`), so Svelte re-runs it then; nothing from Yjs is copied into $state.
 *
 * No runes here, so views built on it run in Node for tests and benchmarks (there
 * `createSubscriber` is a no-op and the cache still follows every change through its own
 * permanent observers).
 */
import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import type { Instant } from './schema';
import { addDays, atTime, toDay } from './core/calendar';

export interface DailyCacheOptions {
	/** Follow changes anywhere below the roots (observeDeep), or only to the roots themselves. */
	deep: boolean;
	/** The clock (default Date.now). */
	now?: () => Instant;
}

/** A cache of derived values over some roots of one document, per document change and day. */
export class DailyCache {
	readonly now: () => Instant;
	#version = 0;
	#cacheVersion = -1;
	#cacheDay = '';
	// Plain on purpose: a cache of derived values; reactivity comes from createSubscriber.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#cache = new Map<string, unknown>();
	#subscribe: () => void;
	#stop: () => void;

	constructor(watched: readonly Y.Map<unknown>[], options: DailyCacheOptions) {
		this.now = options.now ?? Date.now;
		const on = (t: Y.Map<unknown>, f: () => void) =>
			options.deep ? t.observeDeep(f) : t.observe(f);
		const off = (t: Y.Map<unknown>, f: () => void) =>
			options.deep ? t.unobserveDeep(f) : t.unobserve(f);
		// Registered before any subscriber's observer, so the cache is stale before anyone re-reads.
		const bump = () => void this.#version++;
		for (const t of watched) on(t, bump);
		this.#stop = () => watched.forEach((t) => off(t, bump));
		this.#subscribe = createSubscriber((update) => {
			for (const t of watched) on(t, update);
			let timer: ReturnType<typeof setTimeout>;
			const atMidnight = () => {
				const now = this.now();
				timer = setTimeout(
					() => {
						update();
						atMidnight();
					},
					Math.max(1_000, atTime(addDays(toDay(now), 1)) - now + 500)
				);
			};
			atMidnight();
			return () => {
				clearTimeout(timer);
				for (const t of watched) off(t, update);
			};
		});
	}

	/** What `compute` returns for `key`, computed once per document state and calendar day. */
	memo<T>(key: string, compute: () => T): T {
		this.#subscribe();
		const day = toDay(this.now());
		if (this.#cacheVersion !== this.#version || this.#cacheDay !== day) {
			this.#cache.clear();
			this.#cacheVersion = this.#version;
			this.#cacheDay = day;
		}
		if (!this.#cache.has(key)) this.#cache.set(key, compute());
		return this.#cache.get(key) as T;
	}

	/** Stops following the document. */
	destroy(): void {
		this.#stop();
	}
}
