import { createHash, hkdfSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { randomToken } from './invite';
import { keyCheck, roomAccess } from './room-token';

describe('room tokens', () => {
	test('the topic is the SHA-256 of the token, as the server checks it', () => {
		const { topic, token } = roomAccess(randomToken(32));
		expect(topic).toMatch(/^k2-[0-9a-f]{64}$/);
		expect(topic.slice(3)).toBe(createHash('sha256').update(token).digest('hex'));
	});

	test('the same key gives the same room on every device; another key another room', () => {
		const key = randomToken(32);
		expect(roomAccess(key)).toEqual(roomAccess(key));
		expect(roomAccess(randomToken(32)).topic).not.toBe(roomAccess(key).topic);
	});

	test('neither the token, the topic nor the key check contains or reveals the key', () => {
		const key = randomToken(32);
		const { topic, token } = roomAccess(key);
		const check = keyCheck(key);
		for (const derived of [topic, token, check]) expect(derived).not.toContain(key);
		expect(new Set([token, check]).size).toBe(2);
		expect(check).toHaveLength(12);
	});

	test('the token is standard HKDF-SHA-256 of the key, so any implementation can follow it', () => {
		const key = randomToken(32);
		const expected = hkdfSync(
			'sha256',
			Buffer.from(key, 'base64url'),
			'kept-signal/v1',
			'room token',
			32
		);
		expect(roomAccess(key).token).toBe(Buffer.from(expected).toString('base64url'));
	});
});
