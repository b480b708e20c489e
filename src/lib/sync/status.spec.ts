import { describe, expect, test } from 'vitest';
import {
	deriveStatus,
	describeStatus,
	timeAgo,
	UNREADABLE_WARN_AFTER,
	WAITED_LONG_MS,
	type SyncFacts
} from './status';

const now = 1_800_000_000_000;
const base: SyncFacts = {
	storage: 'ok',
	paired: true,
	online: true,
	signalingConnected: true,
	partnerPeers: 0,
	ownPeers: 0,
	lookingSince: now - 1000,
	now
};

describe('sync status', () => {
	test('connected only when the partner has synced', () => {
		expect(deriveStatus({ ...base, partnerPeers: 1 })).toEqual({
			kind: 'connected',
			partner: true,
			ownDevices: 0
		});
		expect(describeStatus(deriveStatus({ ...base, partnerPeers: 1 }), 'Sam', now).line).toBe(
			'Connected to Sam'
		);
	});

	test('not paired yet, offline and looking', () => {
		expect(deriveStatus({ ...base, paired: false }).kind).toBe('unpaired');
		expect(
			describeStatus(deriveStatus({ ...base, signalingConnected: false }), 'Sam', now).line
		).toBe('Offline — saved on this device');
		expect(describeStatus(deriveStatus(base), 'Sam', now).line).toBe('Looking for Sam…');
	});

	test('after a long wait it says calmly what may be wrong', () => {
		const s = deriveStatus({ ...base, lookingSince: now - WAITED_LONG_MS });
		const words = describeStatus(s, 'Sam', now);
		expect(words.note).toContain('ask them for a fresh one');
	});

	test('unreadable messages are mentioned only after several in a row, in neutral words', () => {
		const after = (inARow: number, paired = true) =>
			deriveStatus({ ...base, paired, unreadable: { inARow, lastAt: now } });
		// One or two are noise (anyone holding the room's token can send junk): nothing is said.
		expect(after(UNREADABLE_WARN_AFTER - 1)).toMatchObject({ kind: 'looking', keyMismatch: false });
		expect(after(UNREADABLE_WARN_AFTER - 1, false).kind).toBe('unpaired');

		const state = after(UNREADABLE_WARN_AFTER);
		expect(state).toMatchObject({ kind: 'looking', keyMismatch: true });
		const creator = describeStatus(state, 'Sam', now, true);
		expect(creator.line).toBe('Looking for Sam…');
		expect(creator.note).toContain('sealed with a different key');
		expect(creator.note).toContain('send a fresh one from the Invite page');
		expect(describeStatus(state, 'Sam', now).note).toContain('ask Sam for a fresh invite link');
		for (const words of [creator, describeStatus(state, 'Sam', now)]) {
			expect(`${words.line} ${words.note}`).not.toMatch(/someone tried|attack|old invite/i);
		}
	});

	test('while the partner is connected, unreadable messages change nothing on screen', () => {
		const s = deriveStatus({ ...base, partnerPeers: 1, unreadable: { inARow: 50, lastAt: now } });
		expect(describeStatus(s, 'Sam', now).line).toBe('Connected to Sam');
	});

	test('unreadable messages from before the current search are not held against it', () => {
		const s = deriveStatus({ ...base, unreadable: { inARow: 9, lastAt: base.lookingSince - 1 } });
		expect(s).toMatchObject({ kind: 'looking', keyMismatch: false });
	});

	test('last synced is shown in plain words', () => {
		const s = deriveStatus({
			...base,
			signalingConnected: false,
			lastPartnerSyncAt: now - 7_200_000
		});
		expect(describeStatus(s, 'Sam', now).note).toBe('Last synced with Sam 2 hours ago.');
		expect(timeAgo(now - 10_000, now)).toBe('just now');
		expect(timeAgo(now - 86_400_000, now)).toBe('yesterday');
	});

	test('storage problems come first', () => {
		const s = deriveStatus({ ...base, storage: 'unavailable', partnerPeers: 1 });
		expect(describeStatus(s, 'Sam', now).line).toBe('This browser isn’t letting Kept save');
		expect(describeStatus(deriveStatus({ ...base, storage: 'full' }), 'Sam', now).tone).toBe(
			'attention'
		);
	});
});

describe('with the mailbox on', () => {
	const words = (f: Partial<SyncFacts>) =>
		describeStatus(deriveStatus({ ...base, ...f }), 'Sam', now);

	test('says when a change waits here, and when it is in the mailbox for the partner', () => {
		expect(words({ mailbox: { waiting: true } }).line).toBe('A change is waiting on this device');
		const delivered = words({ mailbox: { waiting: false, lastUploadAt: now - 5000 } });
		expect(delivered.line).toBe('In the mailbox for Sam');
		expect(delivered.note).toBe('Sam will get your changes next time they open Kept.');
	});

	test('says when the partner’s changes arrived through it, and how long ago', () => {
		const arrived = words({ mailbox: { waiting: false, lastArrivalAt: now - 4 * 60_000 } });
		expect(arrived.note).toContain('Sam’s changes arrived through the mailbox 4 minutes ago.');
	});

	test('never says delivered when the mailbox is off, full or unreachable', () => {
		for (const problem of ['gone', 'full', 'unreachable', 'refused'] as const) {
			const w = words({ mailbox: { waiting: true, problem, lastUploadAt: now - 1000 } });
			expect(w.line).toBe('A change is waiting on this device');
			expect(w.note).toContain('Everything is saved here.');
			expect(w.line).not.toContain('In the mailbox');
		}
		expect(words({ mailbox: { waiting: false, problem: 'gone' } }).note).toContain('turned off');
	});

	test('a direct connection to the partner still comes first', () => {
		expect(words({ partnerPeers: 1, mailbox: { waiting: true } }).line).toBe('Connected to Sam');
	});
});
