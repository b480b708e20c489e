/**
 * What one step of the random walk acts with: the device, its two docs, who is holding it, and
 * its clock. Operations are small functions over this context that call the app's real domain
 * functions and check each answer against what the device could see. Test-only.
 */
import type * as Y from 'yjs';
import type { PartnerId } from '../schema';
import type { Device } from './devices';
import type { Rng } from './rng';
import type { World } from './world';

/** One step's view of the world, from one device. */
export interface Ctx {
	w: World;
	d: Device;
	/** The shared doc on this device. */
	doc: Y.Doc;
	/** This device's private doc (its owner's journal and answer drafts). */
	priv: Y.Doc;
	me: PartnerId;
	other: PartnerId;
	/** This device's clock. */
	now: number;
	rng: Rng;
}

/** An operation: false when the device had nothing to act on (it is counted as skipped). */
export interface Op {
	weight: number;
	run: (c: Ctx) => boolean;
}

/**
 * A record from `list` that exists on this device, or undefined. Half the time any record (old
 * ones, e.g. locked entries, are then likely), half the time one of the latest.
 */
export function pickFrom<T>(c: Ctx, list: readonly T[], exists: (t: T) => boolean): T | undefined {
	if (list.length === 0) return undefined;
	for (let attempt = 0; attempt < 6; attempt++) {
		const recent = c.rng.chance(0.5);
		const i = recent
			? list.length - 1 - c.rng.int(Math.min(list.length, 15))
			: c.rng.int(list.length);
		if (exists(list[i])) return list[i];
	}
	return undefined;
}

/** A plain record stored under `key` in a map, if it is an object. */
export function recordAt<T extends object>(map: Y.Map<unknown>, key: string): T | undefined {
	const v = map.get(key);
	return v && typeof v === 'object' ? (v as T) : undefined;
}
