import { describe, expect, test } from 'vitest';
import { toBase64Url } from '../sync/base64';
import { KIND, open, padme, seal } from './envelope';
import { deriveRelayKeys } from './keys';

const key = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

describe('keys', () => {
	test('the same key and epoch give the same mailbox on every device; another epoch or scope, another', async () => {
		const k = key();
		const a = await deriveRelayKeys(k, 'space', 0, 'phone');
		const b = await deriveRelayKeys(k, 'space', 0, 'laptop');
		expect(a.mailboxId).toMatch(/^[0-9a-f]{32}$/);
		expect(b.mailboxId).toBe(a.mailboxId);
		expect(b.token).toBe(a.token);
		// Each device has its own pseudonym.
		expect(b.deviceTag).not.toEqual(a.deviceTag);
		expect((await deriveRelayKeys(k, 'space', 1, 'phone')).mailboxId).not.toBe(a.mailboxId);
		expect((await deriveRelayKeys(k, 'journal', 0, 'phone')).mailboxId).not.toBe(a.mailboxId);
		// Neither the token nor the id carries the key.
		expect(a.token).not.toContain(k);
	});
});

describe('envelope', () => {
	test('opens what it sealed, and pads small updates to at least 256 bytes', async () => {
		const keys = await deriveRelayKeys(key(), 'space', 0, 'd');
		const update = new TextEncoder().encode('Sam kept the 8 pm call');
		const body = await seal(keys, { kind: KIND.update, seq: 7, covers: 0 }, update);
		expect(body.length).toBeGreaterThanOrEqual(30 + 256 + 16);
		const opened = await open(keys, body);
		expect(opened).toMatchObject({ kind: KIND.update, seq: 7, covers: 0 });
		expect(new TextDecoder().decode(opened?.update)).toBe('Sam kept the 8 pm call');
		expect(new TextDecoder().decode(body)).not.toContain('8 pm call');
	});

	test('any changed header byte, another mailbox’s key or a flipped ciphertext byte is refused', async () => {
		const k = key();
		const keys = await deriveRelayKeys(k, 'space', 0, 'd');
		const body = await seal(keys, { kind: KIND.snapshot, seq: 3, covers: 2 }, new Uint8Array(40));
		for (let i = 1; i < 30; i++) {
			const tampered = body.slice();
			tampered[i] ^= 1;
			expect(await open(keys, tampered), `header byte ${i}`).toBeNull();
		}
		const flipped = body.slice();
		flipped[40] ^= 0x80;
		expect(await open(keys, flipped)).toBeNull();
		expect(await open(await deriveRelayKeys(k, 'space', 1, 'd'), body)).toBeNull();
		expect(await open(await deriveRelayKeys(key(), 'space', 0, 'd'), body)).toBeNull();
		expect(await open(keys, body.slice(0, 40))).toBeNull();
	});

	test('PADMÉ rounds lengths up by at most about 12%', () => {
		for (const n of [256, 300, 1000, 4097, 65_000, 3_800_000]) {
			expect(padme(n)).toBeGreaterThanOrEqual(n);
			expect(padme(n) / n).toBeLessThan(1.13);
		}
		expect(padme(1000)).toBe(padme(999));
	});
});
