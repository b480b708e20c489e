import { describe, expect, test } from 'vitest';
import {
	compareSafetyQr,
	fingerprint,
	fromBase64Url,
	generateSigningKeys,
	importPublicKey,
	importSigningKeys,
	safetyCode,
	safetyQrPayload
} from './keys';

describe('signing keys', () => {
	test('a new key pair exports as base64url and imports back', () => {
		const keys = generateSigningKeys();
		expect(keys.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(keys.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(importSigningKeys(JSON.parse(JSON.stringify(keys)))).toEqual(keys);
		expect(importPublicKey(keys.publicKey)).toHaveLength(32);
	});

	test('damaged or mismatched keys are not imported', () => {
		const a = generateSigningKeys();
		const b = generateSigningKeys();
		expect(importSigningKeys({ secretKey: a.secretKey, publicKey: b.publicKey })).toBeUndefined();
		expect(importSigningKeys({ secretKey: 'short', publicKey: a.publicKey })).toBeUndefined();
		expect(importSigningKeys('nothing')).toBeUndefined();
		expect(importPublicKey(a.publicKey.slice(1))).toBeUndefined();
		expect(importPublicKey('not base64!')).toBeUndefined();
		expect(importPublicKey(42)).toBeUndefined();
	});

	test('base64url has one spelling per value', () => {
		expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
		expect(fromBase64Url('AB')).toBeUndefined();
		expect(fromBase64Url('A')).toBeUndefined();
	});

	test('a fingerprint is short, readable and differs between keys', () => {
		const a = generateSigningKeys().publicKey;
		const b = generateSigningKeys().publicKey;
		expect(fingerprint(a)).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
		expect(fingerprint(a)).toBe(fingerprint(a));
		expect(fingerprint(a)).not.toBe(fingerprint(b));
	});
});

describe('the safety code', () => {
	const ana = { partnerId: 'ana', publicKey: generateSigningKeys().publicKey };
	const ben = { partnerId: 'ben', publicKey: generateSigningKeys().publicKey };

	test('is twelve groups of five digits, the same on both partners’ screens', () => {
		const onAnas = safetyCode(ana, ben);
		expect(onAnas).toHaveLength(12);
		for (const group of onAnas) expect(group).toMatch(/^\d{5}$/);
		expect(safetyCode(ben, ana)).toEqual(onAnas);
	});

	test('changes when either key is another one', () => {
		const mallory = { partnerId: 'ben', publicKey: generateSigningKeys().publicKey };
		expect(safetyCode(ana, mallory)).not.toEqual(safetyCode(ana, ben));
		expect(safetyCode(ana, mallory).slice(0, 6)).not.toEqual(safetyCode(ana, ben).slice(6));
	});

	test('scanning the partner’s QR code matches only the same two keys', () => {
		const shownByBen = safetyQrPayload(ben, ana);
		expect(shownByBen).toMatch(/^kept-safety:1:[A-Za-z0-9_-]{43}$/);
		expect(compareSafetyQr(shownByBen, ana, ben)).toBe('match');
		const other = { partnerId: 'ben', publicKey: generateSigningKeys().publicKey };
		expect(compareSafetyQr(shownByBen, ana, other)).toBe('mismatch');
		expect(compareSafetyQr('https://example.com', ana, ben)).toBe('unreadable');
		expect(compareSafetyQr('kept-safety:1:abc', ana, ben)).toBe('unreadable');
	});
});
