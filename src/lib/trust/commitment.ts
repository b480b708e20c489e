/**
 * A fair blind reveal. Submitting a check-in publishes a signed commitment: a hash of the answers
 * with a random salt, so nobody can read them from it, and nobody can change them afterwards.
 * Each device publishes its person's answers (with the salt) only once both commitments are in;
 * revealed answers that do not match their commitment are flagged, never shown as the answers.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Instant, PartnerId } from '../schema';
import { canonicalBytes } from './canonical';
import { fromBase64Url, toBase64Url, type SigningKeys } from './keys';
import { recordKind, SIGNED_KINDS, signValue, verifyValue } from './records';
import { counts, type Verdict, type VerifyContext } from './sign';

/** A commitment as stored in the shared space under `commitKey(checkinId, by)` (v1). */
export interface CommitmentRecord extends Record<string, unknown> {
	type: 'commitment';
	checkinId: string;
	by: PartnerId;
	/** SHA-256 (hex) of the domain, the salt and the canonical answers. */
	commit: string;
	at: Instant;
}

/** Revealed answers as stored under `revealKey(checkinId, by)` (v1). */
export interface RevealRecord extends Record<string, unknown> {
	type: 'reveal';
	checkinId: string;
	by: PartnerId;
	answers: unknown;
	/** The commitment's salt, base64url (32 bytes). */
	salt: string;
	at: Instant;
}

/** Where a partner's commitment lives. */
export const commitKey = (checkinId: string, by: PartnerId) => `commit:${checkinId}:${by}`;
/** Where a partner's revealed answers live. */
export const revealKey = (checkinId: string, by: PartnerId) => `reveal:${checkinId}:${by}`;

const REVEAL_KIND = recordKind('reveal', 'by', 'at');
const DOMAIN = utf8ToBytes('kept-commit/v1\n');

/** The commitment hash of answers under a salt. */
export function commitmentHash(answers: unknown, salt: Uint8Array): string {
	return bytesToHex(sha256(concatBytes(DOMAIN, salt, canonicalBytes(answers))));
}

/**
 * Commits to answers: the signed record to publish now, and the salt to keep in the author's
 * private document beside the answers until the reveal.
 */
export function commit(
	answers: unknown,
	at: { checkinId: string; by: PartnerId; at: Instant },
	keys: SigningKeys
): { record: CommitmentRecord; salt: string } {
	const salt = randomBytes(32);
	const value: CommitmentRecord = {
		type: 'commitment',
		checkinId: at.checkinId,
		by: at.by,
		commit: commitmentHash(answers, salt),
		at: at.at
	};
	const record = signValue(SIGNED_KINDS.commitment, commitKey(at.checkinId, at.by), value, keys);
	return { record, salt: toBase64Url(salt) };
}

/** The signed record that reveals committed answers. */
export function reveal(
	answers: unknown,
	salt: string,
	at: { checkinId: string; by: PartnerId; at: Instant },
	keys: SigningKeys
): RevealRecord {
	const value: RevealRecord = {
		type: 'reveal',
		checkinId: at.checkinId,
		by: at.by,
		answers,
		salt,
		at: at.at
	};
	return signValue(REVEAL_KIND, revealKey(at.checkinId, at.by), value, keys);
}

/** What one partner's side of a check-in shows. */
export type SideState =
	| { state: 'not-submitted' } // no commitment that counts (none, or not written by them)
	| { state: 'submitted' } // committed; answers not (yet) revealed
	| { state: 'revealed'; answers: unknown }
	| { state: 'mismatch'; answers: unknown } // revealed answers that are not what was committed
	| { state: 'forged-reveal'; verdict: Verdict };

/** The blind reveal of one check-in as a device sees it. */
export interface RevealState {
	/** True once both partners' commitments count: each device may then publish its reveal. */
	bothCommitted: boolean;
	sides: Record<PartnerId, SideState>;
}

/**
 * Reads a check-in's commitments and reveals for the two partners. `read(key)` gets a stored
 * value from the check-ins' map. Answers are visible only once both commitments count.
 */
export function revealStateOf(
	checkinId: string,
	partners: readonly [PartnerId, PartnerId],
	read: (key: string) => unknown,
	ctx: VerifyContext
): RevealState {
	const commitments = partners.map((p) => committedBy(checkinId, p, read, ctx));
	const bothCommitted = commitments.every((c) => c !== undefined);
	const sides: Record<PartnerId, SideState> = {};
	partners.forEach((p, i) => {
		const committed = commitments[i];
		if (!committed) {
			sides[p] = { state: 'not-submitted' };
			return;
		}
		const key = revealKey(checkinId, p);
		const raw = read(key);
		if (!bothCommitted || raw === undefined) {
			sides[p] = { state: 'submitted' };
			return;
		}
		const verdict = verifyValue(REVEAL_KIND, key, raw, ctx);
		const r = raw as Partial<RevealRecord>;
		if (!counts(verdict) || r.by !== p || r.checkinId !== checkinId) {
			sides[p] = { state: 'forged-reveal', verdict };
			return;
		}
		const salt = fromBase64Url(r.salt, 32);
		const matches = salt !== undefined && safeHash(r.answers, salt) === committed.commit;
		sides[p] = matches
			? { state: 'revealed', answers: r.answers }
			: { state: 'mismatch', answers: r.answers };
	});
	return { bothCommitted, sides };
}

function committedBy(
	checkinId: string,
	by: PartnerId,
	read: (key: string) => unknown,
	ctx: VerifyContext
): CommitmentRecord | undefined {
	const key = commitKey(checkinId, by);
	const raw = read(key);
	if (raw === undefined) return undefined;
	const c = raw as Partial<CommitmentRecord>;
	if (c.by !== by || c.checkinId !== checkinId || typeof c.commit !== 'string') return undefined;
	return counts(verifyValue(SIGNED_KINDS.commitment, key, raw, ctx))
		? (raw as CommitmentRecord)
		: undefined;
}

function safeHash(answers: unknown, salt: Uint8Array): string | undefined {
	try {
		return commitmentHash(answers, salt);
	} catch {
		return undefined;
	}
}
