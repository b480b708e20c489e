/**
 * The encrypted backup file: a small JSON envelope around AES-256-GCM ciphertext, with the key
 * derived from a passphrase by scrypt (@noble/hashes; WebCrypto has no memory-hard KDF).
 *
 * ```json
 * { "format": "kept-backup", "version": 1,
 *   "kdf": { "name": "scrypt", "N": 65536, "r": 8, "p": 1, "salt": "<16 bytes, base64>" },
 *   "check": "<16 bytes, base64>",
 *   "cipher": { "name": "AES-GCM", "iv": "<12 bytes, base64>" },
 *   "ciphertext": "<base64>" }
 * ```
 * scrypt gives 64 bytes: the first 32 are the AES key; SHA-256 of the last 32, cut to 16, is
 * `check`, which tells a wrong passphrase apart from an altered file without weakening anything
 * (a guesser must still run scrypt for every guess). Every header field is bound into the GCM tag
 * as additional data, so changing any byte of the file — header or ciphertext — is refused.
 *
 * Default scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB of memory), twice the cost of the first
 * backups (N = 2^16, measured at 0.26 s in Node on this project's 2-core machine, so ~0.5 s now;
 * a mid-range phone runs JavaScript 2–4× slower, so ~1–2 s there). A file may ask for no less
 * than `KDF_FLOOR` (those first backups still open; a weaker file is refused, since whoever
 * made it chose how easily its passphrase can be guessed) and no more than 256 MiB, r ≤ 16,
 * p ≤ 4: a crafted file cannot make a phone spend gigabytes.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64 } from './base64';

/** scrypt's cost parameters. */
export interface ScryptParams {
	N: number;
	r: number;
	p: number;
}

/** The cost every new backup uses: one to two seconds on a phone. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** The weakest cost a backup may have: Kept's own first default, so its older backups open. */
export const KDF_FLOOR: ScryptParams = { N: 2 ** 16, r: 8, p: 1 };

/** The envelope as it sits in the file. */
export interface Envelope {
	format: typeof FORMAT;
	version: number;
	kdf: ScryptParams & { name: 'scrypt'; salt: string };
	check: string;
	cipher: { name: 'AES-GCM'; iv: string };
	ciphertext: string;
}

/** Why a file could not be opened; each has a calm sentence in the restore screen. */
export type OpenError =
	'not-backup' | 'truncated' | 'newer' | 'wrong-passphrase' | 'altered' | 'weak-kdf';

/** The outcome of opening a file. */
export type Opened = { ok: true; plaintext: Uint8Array } | { ok: false; error: OpenError };

/** The format's name, the first thing in every backup file. */
export const FORMAT = 'kept-backup';
const VERSION = 1;
/** scrypt's memory (128·N·r bytes) that a file may ask of a phone: 256 MiB. */
const MAX_MEMORY = 2 ** 28;

/** Encrypts `plaintext` under `passphrase`; returns the file's text. */
export async function seal(
	plaintext: Uint8Array<ArrayBuffer>,
	passphrase: string,
	params: ScryptParams = DEFAULT_SCRYPT
): Promise<string> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const { key, check } = await deriveKey(passphrase, salt, params, 'encrypt');
	const header: Omit<Envelope, 'ciphertext'> = {
		format: FORMAT,
		version: VERSION,
		kdf: { name: 'scrypt', ...params, salt: toBase64(salt) },
		check: toBase64(check),
		cipher: { name: 'AES-GCM', iv: toBase64(iv) }
	};
	const ciphertext = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: headerBytes(header) },
		key,
		plaintext
	);
	const envelope: Envelope = { ...header, ciphertext: toBase64(new Uint8Array(ciphertext)) };
	return JSON.stringify(envelope);
}

/**
 * Opens a backup file's text with a passphrase. Never throws. `floor` is the weakest scrypt
 * cost accepted (tests lower it to stay fast).
 */
export async function open(
	text: string,
	passphrase: string,
	floor: ScryptParams = KDF_FLOOR
): Promise<Opened> {
	const read = readEnvelope(text, floor);
	if (!read.ok) return read;
	const envelope = read.envelope;
	try {
		const salt = fromBase64(envelope.kdf.salt);
		const iv = fromBase64(envelope.cipher.iv);
		const ciphertext = fromBase64(envelope.ciphertext);
		if (salt.length < 16 || iv.length !== 12 || ciphertext.length < 16) return fail('altered');
		const { key, check } = await deriveKey(passphrase, salt, envelope.kdf, 'decrypt');
		if (!sameBytes(check, fromBase64(envelope.check))) return fail('wrong-passphrase');
		const plaintext = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv, additionalData: headerBytes(envelope) },
			key,
			ciphertext
		);
		return { ok: true, plaintext: new Uint8Array(plaintext) };
	} catch {
		return fail('altered');
	}
}

/** Reads and checks the envelope without decrypting. */
export function readEnvelope(
	text: string,
	floor: ScryptParams = KDF_FLOOR
): { ok: true; envelope: Envelope } | { ok: false; error: OpenError } {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		// A file that starts like a backup but doesn't parse was cut short (or broken).
		return fail(/^\s*\{\s*"format"\s*:\s*"kept-backup"/.test(text) ? 'truncated' : 'not-backup');
	}
	if (!value || typeof value !== 'object' || (value as Envelope).format !== FORMAT) {
		return fail('not-backup');
	}
	const e = value as Envelope;
	if (typeof e.version !== 'number') return fail('altered');
	if (e.version > VERSION) return fail('newer');
	const kdf = e.kdf;
	const fine =
		e.version === VERSION &&
		kdf?.name === 'scrypt' &&
		isPowerOfTwo(kdf.N) &&
		kdf.N >= 2 ** 10 &&
		kdf.N <= 2 ** 20 &&
		Number.isInteger(kdf.r) &&
		kdf.r >= 1 &&
		kdf.r <= 16 &&
		Number.isInteger(kdf.p) &&
		kdf.p >= 1 &&
		kdf.p <= 4 &&
		128 * kdf.N * kdf.r <= MAX_MEMORY &&
		typeof kdf.salt === 'string' &&
		typeof e.check === 'string' &&
		e.cipher?.name === 'AES-GCM' &&
		typeof e.cipher.iv === 'string' &&
		typeof e.ciphertext === 'string';
	if (!fine) return fail('altered');
	if (kdf.N < floor.N || kdf.r < floor.r || kdf.p < floor.p) return fail('weak-kdf');
	return { ok: true, envelope: e };
}

async function deriveKey(
	passphrase: string,
	salt: Uint8Array,
	params: ScryptParams,
	use: 'encrypt' | 'decrypt'
): Promise<{ key: CryptoKey; check: Uint8Array }> {
	const derived = await scryptAsync(passphrase.normalize('NFKC'), salt, {
		N: params.N,
		r: params.r,
		p: params.p,
		dkLen: 64,
		maxmem: 2 * MAX_MEMORY
	});
	const key = await crypto.subtle.importKey('raw', derived.slice(0, 32), 'AES-GCM', false, [use]);
	const check = sha256(derived.slice(32)).slice(0, 16);
	derived.fill(0);
	return { key, check };
}

/** The header fields, in a fixed order, as the additional authenticated data. */
function headerBytes(h: Omit<Envelope, 'ciphertext'>): Uint8Array<ArrayBuffer> {
	const fields = [h.format, h.version, h.kdf.name, h.kdf.N, h.kdf.r, h.kdf.p, h.kdf.salt];
	return new TextEncoder().encode(JSON.stringify([...fields, h.check, h.cipher.name, h.cipher.iv]));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
	return diff === 0;
}

function isPowerOfTwo(n: unknown): n is number {
	return typeof n === 'number' && Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function fail(error: OpenError): { ok: false; error: OpenError } {
	return { ok: false, error };
}
