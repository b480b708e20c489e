/**
 * Agreement means both signed: a contract version is agreed only with two valid signatures, from
 * the two partners' pinned keys, over that version's own content hash. Signatures from before
 * signatures existed keep an old version agreed, and say so.
 */
import type { Instant, PartnerId } from '../schema';
import { canonicalHash } from './canonical';
import { fingerprint, type SigningKeys } from './keys';
import { SIGNED_KINDS, signValue, verifyValue } from './records';
import { counts, type RecordSignature, type Verdict, type VerifyContext } from './sign';

/** A signature on a contract version as stored under `${versionId}:${partnerId}`. */
export interface VersionSignature extends Record<string, unknown> {
	versionId: string;
	partnerId: PartnerId;
	hash: string;
	signedAt: Instant;
	sig?: RecordSignature;
}

/** Where a partner's signature on a version lives (the key `roots.signatures` uses today). */
export const signatureKey = (versionId: string, partnerId: PartnerId) =>
	`${versionId}:${partnerId}`;

/** The signed record a partner stores to sign a version's content hash. */
export function signVersionHash(
	input: { versionId: string; partnerId: PartnerId; hash: string; signedAt: Instant },
	keys: SigningKeys
): VersionSignature {
	const value: VersionSignature = { ...input };
	return signValue(
		SIGNED_KINDS.contractSignature,
		signatureKey(input.versionId, input.partnerId),
		value,
		keys
	);
}

/** One partner's signature on a version, as the history and the print view show it. */
export interface SignatureCheck {
	partnerId: PartnerId;
	verdict: Verdict | undefined;
	/** Signed on this version's own hash (false for another hash, or no signature). */
	onThisHash: boolean;
	/** The signing key's fingerprint, for display (signed records only). */
	fingerprint?: string;
	signedAt?: Instant;
}

/** Whether a version is agreed, and why. */
export interface Agreement {
	agreed: boolean;
	/** 'signed' when both signatures verify; 'from-before-signatures' when one is older. */
	strength?: 'signed' | 'from-before-signatures';
	/** The hash recomputed from the content (never the stored one). */
	hash: string;
	signatures: SignatureCheck[];
}

/**
 * Reads a version's agreement. `read(key)` gets a stored signature from the signatures map.
 * Agreed takes both partners, distinct pinned keys, each signature counting, both on the hash
 * of the content as it is stored now.
 */
export function agreementOf(
	version: { id: string; content: unknown },
	partners: readonly [PartnerId, PartnerId],
	read: (key: string) => unknown,
	ctx: VerifyContext
): Agreement {
	let hash: string;
	try {
		hash = canonicalHash(version.content);
	} catch {
		hash = '';
	}
	const signatures = partners.map((partnerId): SignatureCheck => {
		const key = signatureKey(version.id, partnerId);
		const raw = read(key);
		if (raw === undefined) return { partnerId, verdict: undefined, onThisHash: false };
		const s = raw as Partial<VersionSignature>;
		const verdict = verifyValue(SIGNED_KINDS.contractSignature, key, raw, ctx);
		const onThisHash =
			hash !== '' && s.hash === hash && s.versionId === version.id && s.partnerId === partnerId;
		return {
			partnerId,
			verdict,
			onThisHash,
			...(verdict.status === 'signed' ? { fingerprint: fingerprint(verdict.key) } : {}),
			...(typeof s.signedAt === 'number' ? { signedAt: s.signedAt } : {})
		};
	});
	const valid = signatures.every((s) => s.onThisHash && s.verdict && counts(s.verdict));
	const keys = signatures.map((s) => (s.verdict?.status === 'signed' ? s.verdict.key : undefined));
	const distinct = partners[0] !== partners[1] && (keys[0] === undefined || keys[0] !== keys[1]);
	const agreed = valid && distinct;
	return {
		agreed,
		...(agreed
			? {
					strength: signatures.every((s) => s.verdict?.status === 'signed')
						? 'signed'
						: 'from-before-signatures'
				}
			: {}),
		hash,
		signatures
	};
}
