/**
 * A partner's key as announced in the shared document, signed by that key itself (proof that
 * whoever wrote it holds the secret half). An announcement is only a proposal: a device pins it
 * the first time (at pairing), and a later different one is a key change, never a silent swap.
 */
import type { Instant, PartnerId } from '../schema';
import { importPublicKey, type SigningKeys } from './keys';
import { pinKey, type PinnedKeys, type PinOutcome } from './pinned';
import { recordKind, signValue } from './records';
import { VerificationCache, verifyRecord } from './sign';

/** A key announcement as stored (on-disk format, v1), e.g. under `key:<partnerId>`. */
export interface KeyAnnouncement extends Record<string, unknown> {
	type: 'key';
	partnerId: PartnerId;
	publicKey: string;
	/** When the key was made: from then on everything this partner writes is signed. */
	since: Instant;
}

const KEY_KIND = recordKind('key', 'partnerId', 'since');

/** Where a partner's announcement lives. */
export const announcementKey = (partnerId: PartnerId) => `key:${partnerId}`;

/** The signed announcement of a partner's own key. */
export function announceKey(
	partnerId: PartnerId,
	keys: SigningKeys,
	since: Instant
): KeyAnnouncement {
	const value: KeyAnnouncement = { type: 'key', partnerId, publicKey: keys.publicKey, since };
	return signValue(KEY_KIND, announcementKey(partnerId), value, keys);
}

/** The announced key if the announcement is well formed and signed by that very key. */
export function readAnnouncement(partnerId: PartnerId, raw: unknown): KeyAnnouncement | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const a = raw as Partial<KeyAnnouncement>;
	if (a.type !== 'key' || a.partnerId !== partnerId || !importPublicKey(a.publicKey))
		return undefined;
	if (typeof a.since !== 'number' || !Number.isFinite(a.since)) return undefined;
	const { sig, ...content } = a as KeyAnnouncement & { sig?: unknown };
	const self: PinnedKeys = {
		[partnerId]: { publicKey: a.publicKey!, pinnedAt: 0, signingSince: -Infinity }
	};
	const verdict = verifyRecord(
		{ id: announcementKey(partnerId), author: partnerId, kind: 'key', time: a.since, content },
		sig,
		{ pinned: self, cache: selfChecks }
	);
	return verdict.status === 'signed' ? (raw as KeyAnnouncement) : undefined;
}
const selfChecks = new VerificationCache([], 64);

/** Pins the key a partner announced (at pairing); see `pinKey` for what each outcome means. */
export function pinAnnounced(
	pinned: PinnedKeys,
	partnerId: PartnerId,
	raw: unknown,
	now: Instant
): { pinned: PinnedKeys; outcome: PinOutcome } {
	const announced = readAnnouncement(partnerId, raw);
	if (!announced) return { pinned, outcome: 'invalid' };
	return pinKey(pinned, partnerId, announced, now);
}
