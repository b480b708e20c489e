/** Test fixtures for the trust specs: two partners with keys pinned on each other's devices. */
import { generateSigningKeys, type SigningKeys } from './keys';
import type { PinnedKeys } from './pinned';

/** A day in milliseconds. */
export const DAY = 24 * 60 * 60 * 1000;
/** When both partners began signing in these specs. */
export const SIGNING_SINCE = Date.UTC(2026, 0, 1);

/** Ana's and Ben's keys, and the pins every device of theirs holds after pairing. */
export function couple(): { ana: SigningKeys; ben: SigningKeys; pinned: PinnedKeys } {
	const ana = generateSigningKeys();
	const ben = generateSigningKeys();
	const pin = (k: SigningKeys) => ({
		publicKey: k.publicKey,
		pinnedAt: SIGNING_SINCE,
		signingSince: SIGNING_SINCE
	});
	return { ana, ben, pinned: { ana: pin(ana), ben: pin(ben) } };
}
