/**
 * Which milestone celebrations this device already showed, by milestone id. Per device on
 * purpose: nothing about them is written to the shared document.
 */
import type { Day } from '../schema';
import { type Milestone } from './index';
import { addDays } from '../core/calendar';

/** How long a milestone stays fresh enough to celebrate on Today. */
export const FRESH_DAYS = 14;

/** The seen milestone ids of one space on this device, kept in localStorage. */
export class SeenMilestones {
	#store: Pick<Storage, 'getItem' | 'setItem'>;
	#key: string;
	#ids = $state<string[]>([]);

	constructor(store: Pick<Storage, 'getItem' | 'setItem'>, room: string) {
		this.#store = store;
		this.#key = `kept:milestones-seen:${room}`;
		try {
			const raw = JSON.parse(store.getItem(this.#key) ?? '[]');
			this.#ids = Array.isArray(raw) ? raw.filter((v) => typeof v === 'string') : [];
		} catch {
			this.#ids = [];
		}
	}

	/** True once this device showed and put away that milestone. */
	has(id: string): boolean {
		return this.#ids.includes(id);
	}

	/** Remembers a milestone as seen on this device. */
	add(id: string): void {
		if (this.has(id)) return;
		this.#ids = [...this.#ids, id];
		try {
			this.#store.setItem(this.#key, JSON.stringify(this.#ids));
		} catch {
			// Storage full or blocked: the card simply may show again next time.
		}
	}

	/** The newest milestone reached in the last FRESH_DAYS days that this device hasn't shown. */
	fresh(all: readonly Milestone[], today: Day): Milestone | undefined {
		const since = addDays(today, -FRESH_DAYS);
		for (let i = all.length - 1; i >= 0; i--) {
			const m = all[i];
			if (m.day < since) return undefined;
			if (!this.has(m.id)) return m;
		}
		return undefined;
	}
}
