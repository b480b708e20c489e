/**
 * A seeded stand-in for `$lib/ids`, so a fuzzing run is reproducible down to every id (ids order
 * lists, and so decide which record a random walk picks). Same shape as the real ids: 16
 * base64url characters. Test-only: a spec swaps it in with `vi.mock('../ids', …)`.
 */
import { Rng } from './rng';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
let rng = new Rng(1);

/** Restarts the id sequence from a seed. */
export function seedIds(seed: number): void {
	rng = new Rng(seed ^ 0x1d5eed);
}

/** The next id of the sequence. */
export function newId(): string {
	let id = '';
	for (let i = 0; i < 16; i++) id += ALPHABET[rng.int(64)];
	return id;
}
