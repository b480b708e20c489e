/**
 * Each partner's Ed25519 signing key (@noble/curves: WebCrypto's Ed25519 is missing from some
 * browsers Kept supports, and noble is audited and synchronous). Keys travel as base64url text.
 * A fingerprint names one key for people to read; the safety code names the pair of keys, the
 * same on both partners' screens, for them to compare side by side or by scanning a QR code.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';

/** A partner's signing key pair. `secretKey` never leaves that partner's own devices. */
export interface SigningKeys {
	/** 32-byte Ed25519 seed, base64url. */
	secretKey: string;
	/** 32-byte Ed25519 public key, base64url. */
	publicKey: string;
}

/** A new key pair from the platform's secure random source. */
export function generateSigningKeys(): SigningKeys {
	const { secretKey, publicKey } = ed25519.keygen();
	return { secretKey: toBase64UrlEncoded(secretKey), publicKey: toBase64UrlEncoded(publicKey) };
}

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
	return toBase64UrlEncoded(bytes);
}

/** The bytes of base64url text, or undefined when it is not base64url of `length` bytes. */
export function fromBase64Url(text: unknown, length?: number): Uint8Array | undefined {
	if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
		return undefined;
	}
	try {
		const bytes = fromBase64UrlEncoded(text);
		if (length !== undefined && bytes.length !== length) return undefined;
		// One spelling per value: stray low bits in the last character would give a second one.
		return toBase64UrlEncoded(bytes) === text ? bytes : undefined;
	} catch {
		return undefined;
	}
}

// Checking that bytes are a point on the curve costs about as much as half a verification, and a
// couple has only a few keys: each is checked once.
const publicKeys = new Map<string, Uint8Array | undefined>();

/** The public key's bytes, or undefined when the text is not a valid Ed25519 public key. */
export function importPublicKey(text: unknown): Uint8Array | undefined {
	if (typeof text !== 'string') return undefined;
	if (publicKeys.has(text)) return publicKeys.get(text);
	const bytes = fromBase64Url(text, 32);
	const key = bytes && ed25519.utils.isValidPublicKey(bytes) ? bytes : undefined;
	if (publicKeys.size >= 64) publicKeys.delete(publicKeys.keys().next().value!);
	publicKeys.set(text, key);
	return key;
}

/**
 * Keys read back from storage or from the private document, or undefined when they are not a
 * matching Ed25519 pair (damaged, or a public key that does not belong to the secret one).
 */
export function importSigningKeys(raw: unknown): SigningKeys | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const { secretKey, publicKey } = raw as Record<string, unknown>;
	const secret = fromBase64Url(secretKey, 32);
	if (!secret || typeof publicKey !== 'string') return undefined;
	const derived = toBase64UrlEncoded(ed25519.getPublicKey(secret));
	return derived === publicKey ? { secretKey: secretKey as string, publicKey } : undefined;
}

// Crockford's base32: no I, L, O or U, so a fingerprint read aloud is not misheard.
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A short name for a public key people can compare: 16 characters of its SHA-256 in Crockford
 * base32, in four groups ("k7qm-2xpd-9fha-3rwe"; 80 bits).
 */
export function fingerprint(publicKey: string): string {
	const digest = sha256(utf8ToBytes(`kept-key-fingerprint/v1:${publicKey}`));
	let bits = 0;
	let value = 0;
	let out = '';
	for (const byte of digest) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5 && out.length < 16) {
			out += BASE32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
		value &= (1 << bits) - 1;
		if (out.length === 16) break;
	}
	return out.match(/.{4}/g)!.join('-');
}

/** One partner's side of the safety code. */
export interface KeyOwner {
	partnerId: string;
	publicKey: string;
}

const SAFETY_ITERATIONS = 5200;

/** Thirty digits naming one partner's key and id (Signal's numeric fingerprint, one half). */
function safetyHalf({ partnerId, publicKey }: KeyOwner): string {
	const key = fromBase64Url(publicKey) ?? utf8ToBytes(publicKey);
	const id = utf8ToBytes(partnerId);
	// Iterated hashing makes finding a second key with the same digits costly.
	let hash = sha512(concatBytes(utf8ToBytes('kept-safety/v1'), key, id));
	for (let i = 1; i < SAFETY_ITERATIONS; i++) hash = sha512(concatBytes(hash, key));
	let digits = '';
	for (let chunk = 0; chunk < 6; chunk++) {
		let n = 0;
		for (let i = 0; i < 5; i++) n = n * 256 + hash[chunk * 5 + i];
		digits += String(n % 100000).padStart(5, '0');
	}
	return digits;
}

function orderedHalves(a: KeyOwner, b: KeyOwner): [string, string] {
	const halves = [safetyHalf(a), safetyHalf(b)].sort();
	return [halves[0], halves[1]];
}

/**
 * The safety code of the couple's two keys: twelve groups of five digits, the same whichever
 * partner's device works it out. A different key on either side changes it.
 */
export function safetyCode(a: KeyOwner, b: KeyOwner): string[] {
	return orderedHalves(a, b).join('').match(/.{5}/g)!;
}

const QR_PREFIX = 'kept-safety:1:';

/** What the QR code on one partner's screen holds: the safety code's digest, nothing secret. */
export function safetyQrPayload(a: KeyOwner, b: KeyOwner): string {
	const digest = sha256(utf8ToBytes(orderedHalves(a, b).join('')));
	return QR_PREFIX + toBase64UrlEncoded(digest);
}

/** What scanning the partner's QR code found, compared with this device's own two keys. */
export type SafetyScan = 'match' | 'mismatch' | 'unreadable';

/** Compares a scanned payload with the safety code of the two keys this device holds. */
export function compareSafetyQr(scanned: string, a: KeyOwner, b: KeyOwner): SafetyScan {
	if (!scanned.startsWith(QR_PREFIX) || !fromBase64Url(scanned.slice(QR_PREFIX.length), 32)) {
		return 'unreadable';
	}
	return scanned === safetyQrPayload(a, b) ? 'match' : 'mismatch';
}
