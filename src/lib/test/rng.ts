/**
 * A tiny seeded pseudo-random generator (mulberry32) for reproducible fuzzing: the same seed
 * always makes the same choices, so a failure found once can be replayed. Test-only.
 */
export class Rng {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.next() < p;
	}

	/** One element of a non-empty list. */
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** A key of `weights`, chosen in proportion to its weight. */
	weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
		const entries = Object.entries(weights) as [K, number][];
		let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
		for (const [key, w] of entries) if ((r -= w) < 0) return key;
		return entries[entries.length - 1][0];
	}

	/** The list in a random order (a copy). */
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}

	/** A fresh 32-bit unsigned integer (for Yjs client ids). */
	uint32(): number {
		return Math.floor(this.next() * 4294967296) >>> 0;
	}
}
