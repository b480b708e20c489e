/**
 * What opens a space's room on the signaling server, derived from the space's key so that it
 * follows the key: knowing the room id (an old invite, a log) is not enough to join.
 *
 *   token = HKDF-SHA-256(key, salt "kept-signal/v1", info "room token")   sent when subscribing
 *   topic = "k2-" + hex(SHA-256(token))                                    the room's name
 *
 * The server checks SHA-256(token) against the topic and keeps nothing; it never sees the key,
 * and the token cannot open the messages (y-webrtc seals them with a key derived from the key
 * itself). See docs/ARCHITECTURE.md, "Rooms a stranger cannot enter".
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url, toBase64Url } from './base64';

/** The signaling topic of a room and the token that proves its subscriber holds the key. */
export interface RoomAccess {
	topic: string;
	token: string;
}

/** Topics that need a token start with this; the server refuses them without the right one. */
export const TOKEN_TOPIC_PREFIX = 'k2-';

const SALT = utf8ToBytes('kept-signal/v1');

function derive(key: string, info: string, length: number): Uint8Array {
	return hkdf(sha256, keyBytes(key), SALT, utf8ToBytes(info), length);
}

/** The room's topic and token for a space (or journal) key. */
export function roomAccess(key: string): RoomAccess {
	const token = toBase64Url(derive(key, 'room token', 32));
	return { topic: TOKEN_TOPIC_PREFIX + bytesToHex(sha256(utf8ToBytes(token))), token };
}

/**
 * A short check value of a key, safe to show to peers: two devices compare it to learn that
 * they hold different keys for the same journal, without either key leaving the device.
 */
export function keyCheck(key: string): string {
	return toBase64Url(derive(key, 'key check', 9));
}

function keyBytes(key: string): Uint8Array {
	try {
		return fromBase64Url(key);
	} catch {
		// Keys come from invites (base64url, checked); anything else is still a fine secret.
		return utf8ToBytes(key);
	}
}
