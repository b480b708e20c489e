/**
 * Signing what a partner writes, and checking it on every device. A signature covers the
 * canonical bytes of {id, author, kind, time, content}, so it cannot be moved to another record,
 * another author, another kind or another time, nor kept over other content.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Instant, PartnerId } from '../schema';
import { canonicalBytes } from './canonical';
import { fromBase64Url, importPublicKey, toBase64Url, type SigningKeys } from './keys';
import { ownerOfKey, type PinnedKeys } from './pinned';

/** What a signature covers. `id` is where the record lives (its key in its map). */
export interface RecordFields {
	id: string;
	author: PartnerId;
	kind: string;
	time: Instant;
	content: unknown;
}

/** A record's signature as stored beside it (on-disk format, v1). */
export interface RecordSignature {
	v: 1;
	/** The signer's public key, base64url. */
	key: string;
	/** Ed25519 signature, base64url. */
	sig: string;
}

/** Why a record does not count. */
export type ForgeryReason =
	| 'missing-signature' // written after the author began signing, without a signature
	| 'malformed-signature'
	| 'unreadable-content' // content that has no canonical form
	| 'bad-signature' // the right key over other content
	| 'foreign-key' // a key that is not the author's
	| 'claims-other-partner'; // signed by one partner in the other's name

/** What a device concludes about one record. */
export type Verdict =
	| { status: 'signed'; key: string }
	| { status: 'unsigned-legacy'; reason: 'before-signatures' | 'author-not-pinned' }
	| { status: 'forged'; reason: ForgeryReason }
	| { status: 'key-changed'; key: string; pinned: string };

// Most records of an older space get one of these: shared, so reading years allocates nothing.
const BEFORE_SIGNATURES: Verdict = Object.freeze({
	status: 'unsigned-legacy',
	reason: 'before-signatures'
});
const NOT_PINNED: Verdict = Object.freeze({
	status: 'unsigned-legacy',
	reason: 'author-not-pinned'
});

/** True when a record with this verdict counts in scores, signatures and approvals. */
export function counts(verdict: Verdict): boolean {
	return verdict.status === 'signed' || verdict.status === 'unsigned-legacy';
}

// Keeps a record signature from ever being valid as any other kind of Kept signature.
const RECORD_DOMAIN = utf8ToBytes('kept-record/v1\n');

/** The exact bytes a record's signature covers. Throws CanonicalError on content with no JSON form. */
export function signingBytes(fields: RecordFields): Uint8Array {
	const { id, author, kind, time, content } = fields;
	return concatBytes(RECORD_DOMAIN, canonicalBytes({ id, author, kind, time, content }));
}

/** Signs a record with the author's keys. */
export function signRecord(fields: RecordFields, keys: SigningKeys): RecordSignature {
	const secret = fromBase64Url(keys.secretKey, 32);
	if (!secret) throw new Error('These signing keys are damaged');
	return {
		v: 1,
		key: keys.publicKey,
		sig: toBase64Url(ed25519.sign(signingBytes(fields), secret))
	};
}

/**
 * Remembers which signatures were already checked, keyed by a hash of the signed bytes, the
 * signature and the key, so views re-reading the same records do not verify them again. Only
 * the hash is kept; a device may save `toJSON()` and pass it back to start warm.
 */
export class VerificationCache {
	#valid = new Map<string, boolean>();
	readonly #max: number;

	constructor(saved: readonly string[] = [], max = 200_000) {
		this.#max = max;
		for (const key of saved) if (typeof key === 'string') this.#valid.set(key, true);
	}

	/** How many results are held. */
	get size(): number {
		return this.#valid.size;
	}

	/** Whether `sig` by `key` over `bytes` is valid, verifying only the first time. */
	check(bytes: Uint8Array, sig: Uint8Array, key: Uint8Array): boolean {
		const id = cacheId(bytes, sig, key);
		return this.#valid.get(id) ?? this.#remember(id, verifySignature(bytes, sig, key));
	}

	/**
	 * The same answer as `check`, computed ahead of a view through the platform's Ed25519 where
	 * it has one (several times faster than JavaScript), so the view's `check` finds it cached. A
	 * "not valid" from the platform is decided again by noble, so both paths agree on every
	 * signature a Kept device made.
	 */
	async prefetch(bytes: Uint8Array, sig: Uint8Array, key: Uint8Array): Promise<boolean> {
		const id = cacheId(bytes, sig, key);
		const known = this.#valid.get(id);
		if (known !== undefined) return known;
		const fast = await platformVerify(bytes, sig, key);
		return this.#remember(id, fast === true || verifySignature(bytes, sig, key));
	}

	#remember(id: string, valid: boolean): boolean {
		if (this.#valid.size >= this.#max) this.#valid.delete(this.#valid.keys().next().value!);
		this.#valid.set(id, valid);
		return valid;
	}

	/** The hashes of the valid signatures, to save on this device. */
	toJSON(): string[] {
		return [...this.#valid].filter(([, ok]) => ok).map(([id]) => id);
	}
}

/** 160 bits of SHA-256 over the signature, the key and the signed bytes. */
function cacheId(bytes: Uint8Array, sig: Uint8Array, key: Uint8Array): string {
	return bytesToHex(sha256(concatBytes(sig, key, bytes))).slice(0, 40);
}

let platform: 'unknown' | 'yes' | 'no' = 'unknown';
const platformKeys = new Map<string, Promise<CryptoKey>>();

/** WebCrypto's Ed25519 verdict, or undefined where the browser has none. */
async function platformVerify(
	bytes: Uint8Array,
	sig: Uint8Array,
	key: Uint8Array
): Promise<boolean | undefined> {
	const subtle = globalThis.crypto?.subtle;
	if (platform === 'no' || !subtle) return undefined;
	try {
		const id = bytesToHex(key);
		let imported = platformKeys.get(id);
		if (!imported) {
			imported = subtle.importKey('raw', key as BufferSource, { name: 'Ed25519' }, false, [
				'verify'
			]);
			platformKeys.set(id, imported);
		}
		const valid = await subtle.verify(
			'Ed25519',
			await imported,
			sig as BufferSource,
			bytes as BufferSource
		);
		platform = 'yes';
		return valid;
	} catch {
		// No Ed25519 in this browser's WebCrypto (or a key it refuses): noble decides.
		if (platform === 'unknown') platform = 'no';
		return undefined;
	}
}

function verifySignature(bytes: Uint8Array, sig: Uint8Array, key: Uint8Array): boolean {
	try {
		// zip215 off: strict RFC 8032 checks, so one message has one valid encoding per signer.
		return ed25519.verify(sig, bytes, key, { zip215: false });
	} catch {
		return false;
	}
}

/** What verification needs to know: this device's pins and what the shared document announces. */
export interface VerifyContext {
	pinned: PinnedKeys;
	/** Keys the partners announced in the shared document (untrusted; tells a change from a forgery). */
	announced?: Readonly<Record<PartnerId, string | undefined>>;
	cache?: VerificationCache;
}

/**
 * Verifies a record's signature ahead of the views through `ctx.cache` (see
 * VerificationCache.prefetch); the verdict itself is still `verifyRecord`'s.
 */
export async function prefetchRecord(
	fields: RecordFields,
	signature: unknown,
	cache: VerificationCache
): Promise<void> {
	const parsed = parseSignature(signature);
	if (!parsed) return;
	let bytes: Uint8Array;
	try {
		bytes = signingBytes(fields);
	} catch {
		return;
	}
	await cache.prefetch(bytes, parsed.sig, parsed.keyBytes);
}

/** Checks one record against the pinned key of the partner it claims as author. */
export function verifyRecord(
	fields: RecordFields,
	signature: unknown,
	ctx: VerifyContext
): Verdict {
	const pin = ctx.pinned[fields.author];
	if (signature === undefined || signature === null) {
		if (!pin) return NOT_PINNED;
		return fields.time < pin.signingSince
			? BEFORE_SIGNATURES
			: { status: 'forged', reason: 'missing-signature' };
	}
	const parsed = parseSignature(signature);
	if (!parsed) return { status: 'forged', reason: 'malformed-signature' };
	let bytes: Uint8Array;
	try {
		bytes = signingBytes(fields);
	} catch {
		return { status: 'forged', reason: 'unreadable-content' };
	}
	const holder = ownerOfKey(ctx.pinned, parsed.key);
	if (holder !== undefined && holder !== fields.author) {
		return { status: 'forged', reason: 'claims-other-partner' };
	}
	const valid = ctx.cache
		? ctx.cache.check(bytes, parsed.sig, parsed.keyBytes)
		: verifySignature(bytes, parsed.sig, parsed.keyBytes);
	if (!valid) return { status: 'forged', reason: 'bad-signature' };
	if (!pin) return NOT_PINNED;
	if (pin.publicKey === parsed.key) return { status: 'signed', key: parsed.key };
	return ctx.announced?.[fields.author] === parsed.key
		? { status: 'key-changed', key: parsed.key, pinned: pin.publicKey }
		: { status: 'forged', reason: 'foreign-key' };
}

function parseSignature(
	raw: unknown
): { key: string; keyBytes: Uint8Array; sig: Uint8Array } | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const { v, key, sig } = raw as Record<string, unknown>;
	if (v !== 1 || typeof key !== 'string') return undefined;
	const keyBytes = importPublicKey(key);
	const sigBytes = fromBase64Url(sig, 64);
	return keyBytes && sigBytes ? { key, keyBytes, sig: sigBytes } : undefined;
}
