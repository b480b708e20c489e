import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
	answer,
	answerFor,
	exportHandshakeKeys,
	importHandshakeKeys,
	matchCode,
	newHandshakeKeys,
	openSealed,
	requestJoin,
	sealFor,
	unanswered
} from './handshake';
import {
	decideRequest,
	INVITE_LIFETIME_MS,
	inviteStatus,
	newPartnerInvite,
	parseInvite,
	toInviteCode,
	type PendingInvite
} from './invite';
import { exchange } from '../test/peers';

const T0 = Date.UTC(2026, 2, 3, 20);

/** The inviting device's side, as the app runs it: `decideRequest` for each new request. */
async function serve(
	lobby: Y.Doc,
	invite: PendingInvite | undefined,
	now: number,
	spaceKey: string
) {
	let current = invite;
	for (const request of unanswered(lobby)) {
		const decision = decideRequest(current, request, 'alex-000001', now);
		if (decision.reply === 'used') answer(lobby, request.pub, { kind: 'used' });
		else {
			current = decision.invite;
			answer(lobby, request.pub, await sealFor(request.pub, { key: spaceKey }));
		}
	}
	return current;
}

describe('one-time invites', () => {
	test('an invite carries a one-time key and its expiry, never the space’s key, and expires after 24 h', () => {
		const invite = newPartnerInvite(T0);
		expect(invite.expiresAt - T0).toBe(INVITE_LIFETIME_MS);
		const code = toInviteCode({
			kind: 'partner-once',
			key: invite.key,
			inviter: 'alex-000001',
			expiresAt: invite.expiresAt
		});
		expect(parseInvite(code, T0 + 1000)).toEqual({
			ok: true,
			invite: {
				kind: 'partner-once',
				key: invite.key,
				inviter: 'alex-000001',
				expiresAt: invite.expiresAt
			}
		});
		expect(parseInvite(code, invite.expiresAt)).toEqual({ ok: false, error: 'expired' });
		expect(
			parseInvite(
				code.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
				T0
			)
		).toMatchObject({
			ok: false
		});
		expect(inviteStatus(invite, T0)).toBe('open');
		expect(inviteStatus(invite, invite.expiresAt)).toBe('expired');
		expect(inviteStatus({ ...invite, usedAt: T0 + 1 }, T0 + 2)).toBe('used');
		expect(inviteStatus(undefined, T0)).toBe('none');
	});

	test('the first partner gets the space’s key sealed for them; a second link holder gets “used” and nothing else', async () => {
		const spaceKey = 'the-space-key-never-in-any-link';
		const host = new Y.Doc();
		const sam = new Y.Doc();
		const kim = new Y.Doc();
		const samKeys = await newHandshakeKeys();
		const kimKeys = await newHandshakeKeys();
		let invite = newPartnerInvite(T0);

		requestJoin(sam, { pub: samKeys.pub, partnerId: 'sam-0000001', at: T0 + 1 });
		exchange(host, sam);
		invite = (await serve(host, invite, T0 + 2, spaceKey))!;
		expect(invite.usedBy).toBe(samKeys.pub);
		expect(invite.joiner).toBe('sam-0000001');

		requestJoin(kim, { pub: kimKeys.pub, partnerId: 'kim-0000001', at: T0 + 3 });
		exchange(host, sam, kim);
		invite = (await serve(host, invite, T0 + 4, spaceKey))!;
		exchange(host, sam, kim);

		expect(await openSealed(samKeys, answerFor(sam, samKeys.pub)!)).toEqual({ key: spaceKey });
		expect(answerFor(kim, kimKeys.pub)).toEqual({ kind: 'used' });
		// Kim holds the whole lobby (Sam's sealed answer too) and still cannot read the key.
		expect(await openSealed(kimKeys, answerFor(kim, samKeys.pub)!)).toBeNull();
		expect(JSON.stringify(kim.toJSON())).not.toContain(spaceKey);
	});

	test('an expired or cancelled invite answers nobody with the key', async () => {
		const lobby = new Y.Doc();
		const keys = await newHandshakeKeys();
		requestJoin(lobby, { pub: keys.pub, partnerId: 'sam-0000001', at: T0 });
		const invite = newPartnerInvite(T0);
		await serve(lobby, invite, invite.expiresAt + 1, 'k');
		expect(answerFor(lobby, keys.pub)).toEqual({ kind: 'used' });
		// Cancelled: the device keeps no invite at all.
		const cancelled = new Y.Doc();
		requestJoin(cancelled, { pub: keys.pub, partnerId: 'sam-0000001', at: T0 });
		await serve(cancelled, undefined, T0 + 1, 'k');
		expect(answerFor(cancelled, keys.pub)).toEqual({ kind: 'used' });
		// Nor does anyone claiming to be the inviter.
		expect(
			decideRequest(invite, { pub: 'x', partnerId: 'alex-000001' }, 'alex-000001', T0)
		).toEqual({
			reply: 'used'
		});
	});

	test('the partner asking again after a reload, as the same key pair, gets the same key', async () => {
		const keys = await newHandshakeKeys();
		const restored = await importHandshakeKeys(await exportHandshakeKeys(keys));
		expect(restored?.pub).toBe(keys.pub);
		let invite = newPartnerInvite(T0);
		const first = new Y.Doc();
		requestJoin(first, { pub: keys.pub, partnerId: 'sam-0000001', at: T0 });
		invite = (await serve(first, invite, T0 + 1, 'space'))!;
		// The inviting page reloaded: a fresh lobby, the same request.
		const second = new Y.Doc();
		requestJoin(second, { pub: restored!.pub, partnerId: 'sam-0000001', at: T0 });
		await serve(second, invite, T0 + 2, 'space');
		expect(await openSealed(restored!, answerFor(second, keys.pub)!)).toEqual({ key: 'space' });
		expect(await importHandshakeKeys('not keys')).toBeNull();
	});

	test('both ends of a handshake show the same six digits; a third party shows others', async () => {
		const a = await newHandshakeKeys();
		const b = await newHandshakeKeys();
		const c = await newHandshakeKeys();
		const code = await matchCode(a, b.pub);
		expect(code).toMatch(/^\d{6}$/);
		expect(await matchCode(b, a.pub)).toBe(code);
		expect(await matchCode(c, a.pub)).not.toBe(code);
	});
});
