import { describe, expect, test } from 'vitest';
import {
	inviteErrorMessage,
	newJournalKeys,
	newSpaceKeys,
	parseInvite,
	toInviteCode,
	toInviteLink,
	type Invite
} from './invite';

const partner: Invite = { kind: 'partner', ...newSpaceKeys() };
const device: Invite = {
	kind: 'device',
	...newSpaceKeys(),
	partnerId: 'pA1b2C3d4E5f6',
	journal: newJournalKeys()
};

describe('invite links', () => {
	test('partner and device invites round-trip through link and code', () => {
		for (const invite of [partner, device]) {
			expect(parseInvite(toInviteLink(invite, 'https://kept.example'))).toEqual({
				ok: true,
				invite
			});
			expect(parseInvite(toInviteCode(invite))).toEqual({ ok: true, invite });
			expect(parseInvite(`  ${toInviteCode(invite)}\n`)).toEqual({ ok: true, invite });
		}
	});

	test('the two kinds cannot be mistaken for each other', () => {
		expect(toInviteCode(partner).startsWith('p1.')).toBe(true);
		expect(toInviteCode(device).startsWith('d1.')).toBe(true);
		expect(toInviteLink(partner, 'https://x.org/')).toMatch(/^https:\/\/x\.org\/join#p1\./);
	});

	test('a key is 256 random bits and every space gets a new one', () => {
		const a = newSpaceKeys();
		const b = newSpaceKeys();
		expect(a.key).not.toBe(b.key);
		expect(a.room).not.toBe(b.room);
		expect(Buffer.from(a.key, 'base64url')).toHaveLength(32);
	});

	test('a changed character is caught as altered', () => {
		const code = toInviteCode(partner);
		const i = code.indexOf('.', 4) + 5;
		const changed = code.slice(0, i) + (code[i] === 'x' ? 'y' : 'x') + code.slice(i + 1);
		expect(parseInvite(changed)).toMatchObject({ ok: false, error: 'altered' });
	});

	test('a cut-short link is caught as incomplete', () => {
		const code = toInviteCode(partner);
		expect(parseInvite(code.slice(0, code.lastIndexOf('.')))).toEqual({
			ok: false,
			error: 'incomplete'
		});
		expect(parseInvite(code.slice(0, -3))).toMatchObject({ ok: false, error: 'incomplete' });
	});

	test('foreign links, empty input and newer versions have their own errors', () => {
		expect(parseInvite('https://example.org/some/page')).toEqual({ ok: false, error: 'not-kept' });
		expect(parseInvite('hello')).toEqual({ ok: false, error: 'not-kept' });
		expect(parseInvite('   ')).toEqual({ ok: false, error: 'empty' });
		expect(parseInvite('p7.a.b.c')).toEqual({ ok: false, error: 'newer' });
		expect(parseInvite('<script>alert(1)</script>')).toEqual({ ok: false, error: 'not-kept' });
	});

	test('a device invite with a damaged journal key is refused, not half-used', () => {
		const code = toInviteCode({ ...device, journal: { room: 'short', key: 'bad' } });
		expect(parseInvite(code)).toMatchObject({ ok: false, error: 'altered' });
	});

	test('every error has a calm message', () => {
		for (const e of ['empty', 'not-kept', 'incomplete', 'altered', 'newer'] as const) {
			expect(inviteErrorMessage(e)).toMatch(/\.$/);
		}
	});
});

describe('a refused invite shows where it fails', () => {
	const code = toInviteCode(partner);
	const swap = (s: string, i: number) =>
		s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

	test('one changed character is marked, and the code is kept as read', () => {
		const i = code.indexOf('.', 3) + 5; // inside the key
		const result = parseInvite(`https://kept.example/join#${swap(code, i)}`);
		expect(result).toMatchObject({
			ok: false,
			error: 'altered',
			code: swap(code, i),
			at: { start: i, end: i + 1 }
		});
	});

	test('a character that can’t be in an invite is marked', () => {
		const i = 12;
		const broken = code.slice(0, i) + '!' + code.slice(i + 1);
		expect(parseInvite(broken)).toMatchObject({ ok: false, at: { start: i, end: i + 1 } });
	});

	test('when no single place explains it, nothing is marked rather than a guess', () => {
		const twice = swap(swap(code, 5), 20);
		const result = parseInvite(twice);
		expect(result.ok).toBe(false);
		expect(result).not.toHaveProperty('at');
	});
});

test('a one-time invite with one changed character is marked too', () => {
	const code = toInviteCode({
		kind: 'partner-once',
		key: newSpaceKeys().key,
		inviter: 'pA1b2C3d4E5f6',
		expiresAt: Date.now() + 60_000
	});
	const i = code.indexOf('.') + 7;
	const changed = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
	expect(parseInvite(changed)).toMatchObject({
		ok: false,
		error: 'altered',
		code: changed,
		at: { start: i, end: i + 1 }
	});
});
