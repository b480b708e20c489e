/**
 * Everything the mailbox needs, derived from the space's (or journal's) key with HKDF-SHA-256
 * in WebCrypto, so the server needs no account and never learns the key:
 *
 *   encKey    = HKDF(info "<scope>/enc/e<epoch>")      AES-GCM-256, never leaves WebCrypto
 *   token     = HKDF(info "<scope>/auth/e<epoch>")     32 bytes: Authorization: Bearer …
 *   mailboxId = SHA-256("kept-relay/v1/mailbox" ‖ token)[0..16], hex: the server checks the
 *               token against it and keeps nothing else
 *   deviceTag = HKDF(info "<scope>/device:<id>/e<epoch>")  8 bytes, a per-device pseudonym
 *
 * A new epoch (the couple turned the mailbox off and on again) gives a new mailbox, so one the
 * server deleted is never revived. None of this relates to the signaling room's name.
 */
import { fromBase64Url, toBase64Url } from '../sync/base64';

/** Which document the mailbox carries: the couple's space, or one person's journal. */
export type RelayScope = 'space' | 'journal';

/** The keys of one mailbox. */
export interface RelayKeys {
	encKey: CryptoKey;
	/** The bearer token, base64url. */
	token: string;
	/** 32 hex characters. */
	mailboxId: string;
	/** This device's pseudonym in the envelope header. */
	deviceTag: Uint8Array;
}

const SALT = new TextEncoder().encode('kept-relay/v1');
const MAILBOX_LABEL = new TextEncoder().encode('kept-relay/v1/mailbox');

/** Derives a mailbox's keys from a base64url key (as in invites), a scope and an epoch. */
export async function deriveRelayKeys(
	key: string,
	scope: RelayScope,
	epoch: number,
	deviceId: string
): Promise<RelayKeys> {
	const ikm = await crypto.subtle.importKey('raw', keyBytes(key), 'HKDF', false, [
		'deriveBits',
		'deriveKey'
	]);
	const info = (label: string) => new TextEncoder().encode(`${scope}/${label}/e${epoch}`);
	const params = (label: string) => ({
		name: 'HKDF',
		hash: 'SHA-256',
		salt: SALT,
		info: info(label)
	});
	const encKey = await crypto.subtle.deriveKey(
		params('enc'),
		ikm,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
	const token = new Uint8Array(await crypto.subtle.deriveBits(params('auth'), ikm, 256));
	const deviceTag = new Uint8Array(
		await crypto.subtle.deriveBits(params(`device:${deviceId}`), ikm, 64)
	);
	return { encKey, token: toBase64Url(token), mailboxId: await mailboxIdOf(token), deviceTag };
}

/** The mailbox a token opens (the server computes the same). */
export async function mailboxIdOf(token: Uint8Array): Promise<string> {
	const input = new Uint8Array(MAILBOX_LABEL.length + token.length);
	input.set(MAILBOX_LABEL);
	input.set(token, MAILBOX_LABEL.length);
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
	return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

function keyBytes(key: string): Uint8Array<ArrayBuffer> {
	try {
		return new Uint8Array(fromBase64Url(key));
	} catch {
		return new TextEncoder().encode(key);
	}
}
