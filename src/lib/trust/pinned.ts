/**
 * The partners' public keys as this device pinned them. Device-local (kept with the device's
 * settings, never in the shared document, which either partner can write): a key in the shared
 * document is only an announcement, and a key that differs from the pinned one is never
 * trusted until both partners have compared the safety code again.
 */
import type { Instant, PartnerId } from '../schema';
import { importPublicKey } from './keys';

/** One partner's key as pinned on this device. */
export interface PinnedKey {
	publicKey: string;
	pinnedAt: Instant;
	/**
	 * From this time on everything the partner writes is signed; an unsigned record of theirs from
	 * before it is "from before signatures" and still counts. (When their key was made.)
	 */
	signingSince: Instant;
	/** When the partners last compared the safety code of this key and the other's and it matched. */
	safetyCheckedAt?: Instant;
}

/** Pinned keys by partner id (this device's own person included, for their other devices). */
export type PinnedKeys = Readonly<Record<PartnerId, PinnedKey>>;

/** What pinning an announced key did. */
export type PinOutcome = 'pinned' | 'unchanged' | 'changed' | 'invalid';

/**
 * Pins a partner's announced key the first time it is seen. A different key for a partner who
 * already has one is never swapped in: the outcome is 'changed' and the pins stay as they were.
 */
export function pinKey(
	pinned: PinnedKeys,
	partnerId: PartnerId,
	announced: { publicKey: string; since: Instant },
	now: Instant
): { pinned: PinnedKeys; outcome: PinOutcome } {
	if (!importPublicKey(announced.publicKey) || !Number.isFinite(announced.since)) {
		return { pinned, outcome: 'invalid' };
	}
	const existing = pinned[partnerId];
	if (existing) {
		return {
			pinned,
			outcome: existing.publicKey === announced.publicKey ? 'unchanged' : 'changed'
		};
	}
	const entry: PinnedKey = {
		publicKey: announced.publicKey,
		pinnedAt: now,
		signingSince: Math.min(announced.since, now)
	};
	return { pinned: { ...pinned, [partnerId]: entry }, outcome: 'pinned' };
}

/**
 * Replaces a partner's pinned key once both partners compared the new safety code and chose to
 * accept it. What was signed under the old key stays "signed" only while that key is kept
 * pinned elsewhere; the new pin needs its safety code checked again.
 */
export function acceptChangedKey(
	pinned: PinnedKeys,
	partnerId: PartnerId,
	publicKey: string,
	now: Instant
): PinnedKeys {
	if (!importPublicKey(publicKey)) return pinned;
	const before = pinned[partnerId];
	const entry: PinnedKey = {
		publicKey,
		pinnedAt: now,
		signingSince: before?.signingSince ?? now,
		safetyCheckedAt: now
	};
	return { ...pinned, [partnerId]: entry };
}

/** Remembers that the partners compared the safety code and it matched. */
export function markSafetyChecked(
	pinned: PinnedKeys,
	partnerId: PartnerId,
	now: Instant
): PinnedKeys {
	const entry = pinned[partnerId];
	return entry ? { ...pinned, [partnerId]: { ...entry, safetyCheckedAt: now } } : pinned;
}

/** Partners whose key announced in the shared document is not the one pinned here. */
export function changedKeys(
	pinned: PinnedKeys,
	announced: Readonly<Record<PartnerId, string | undefined>>
): PartnerId[] {
	return Object.keys(pinned).filter((id) => {
		const key = announced[id];
		return key !== undefined && key !== pinned[id].publicKey;
	});
}

/** The partner whose pinned key this is, if any. */
export function ownerOfKey(pinned: PinnedKeys, publicKey: string): PartnerId | undefined {
	return Object.keys(pinned).find((id) => pinned[id].publicKey === publicKey);
}

/** Pinned keys read back from storage; entries that are not well formed are left out. */
export function readPinnedKeys(raw: unknown): PinnedKeys {
	if (!raw || typeof raw !== 'object') return {};
	const out: Record<PartnerId, PinnedKey> = {};
	for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
		if (!v || typeof v !== 'object') continue;
		const { publicKey, pinnedAt, signingSince, safetyCheckedAt } = v as Record<string, unknown>;
		if (!importPublicKey(publicKey) || !isTime(pinnedAt) || !isTime(signingSince)) continue;
		out[id] = {
			publicKey: publicKey as string,
			pinnedAt,
			signingSince,
			...(isTime(safetyCheckedAt) ? { safetyCheckedAt } : {})
		};
	}
	return out;
}

function isTime(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}
