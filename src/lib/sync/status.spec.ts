import { describe, expect, test } from 'vitest';
import { deriveStatus, describeStatus, timeAgo, WAITED_LONG_MS, type SyncFacts } from './status';

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

	test('a mismatched key is named, with what to do, on both sides', () => {
		const s = deriveStatus({ ...base, paired: false, keyMismatchAt: now });
		expect(describeStatus(s, undefined, now).note).toContain('Ask your partner for a fresh invite');
		expect(describeStatus(s, undefined, now, true).line).toBe(
			'Someone tried to connect with an old invite'
		);
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
