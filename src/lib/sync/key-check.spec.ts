import { describe, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import { toBase64 } from 'lib0/buffer';
import { opensWithKey } from './key-check';

async function newKey(): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Seals a message the way y-webrtc does on the signaling channel. */
async function seal(text: string, key: CryptoKey): Promise<string> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const cipher = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv },
		key,
		new TextEncoder().encode(text)
	);
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'AES-GCM');
	encoding.writeVarUint8Array(encoder, iv);
	encoding.writeVarUint8Array(encoder, new Uint8Array(cipher));
	return toBase64(encoding.toUint8Array(encoder));
}

describe('telling which room has a mismatched key', () => {
	test('a message sealed with our key opens; one sealed with another key does not', async () => {
		const ours = await newKey();
		const theirs = await newKey();
		expect(await opensWithKey(await seal('announce', ours), ours)).toBe(true);
		expect(await opensWithKey(await seal('announce', theirs), ours)).toBe(false);
	});

	test('garbage is a mismatch, never a thrown error', async () => {
		const ours = await newKey();
		expect(await opensWithKey('not base64 at all!', ours)).toBe(false);
		expect(await opensWithKey('', ours)).toBe(false);
	});
});
