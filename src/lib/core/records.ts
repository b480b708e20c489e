/** The record kit every domain writes with: plain copies, refusals, and stamps that order edits. */
import type { Instant } from '../schema';

/** A plain JSON copy without undefined fields (Yjs would store them as `undefined`). */
export function compact<T extends object>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
	return out as T;
}

/** A refusal: nothing was written, and `reason` says why (a key of `REFUSAL_WORDS`). */
export function refuse<R extends string>(reason: R): { ok: false; reason: R } {
	return { ok: false, reason };
}

/**
 * A stamp that orders after `previous` even when this device's clock is behind the one that
 * wrote it, so an edit always supersedes what it edited.
 */
export function stampAfter(now: Instant, previous: Instant | undefined): Instant {
	return previous === undefined ? now : Math.max(now, previous + 1);
}
