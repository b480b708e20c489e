import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import {
	deviceName,
	ensureJournalId,
	journalIdOf,
	listDevices,
	revokeDevice,
	seeDevice
} from './own-devices';

const T0 = Date.UTC(2026, 2, 3, 20);

describe('own devices', () => {
	test('each device records itself; the list merges across devices and hides revoked ones', () => {
		const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
		seeDevice(phone, { id: 'phone', name: 'Chrome on Android' }, T0);
		seeDevice(laptop, { id: 'laptop', name: 'Firefox on Linux' }, T0 + 10);
		exchange(phone, laptop);
		expect(listDevices(laptop).map((d) => d.name)).toEqual([
			'Chrome on Android',
			'Firefox on Linux'
		]);
		// Seen again within the hour: nothing written; later: last seen moves, added stays.
		seeDevice(phone, { id: 'phone', name: 'Chrome on Android' }, T0 + 1_000);
		expect(listDevices(phone)[0].lastSeenAt).toBe(T0);
		seeDevice(phone, { id: 'phone', name: 'Chrome on Android' }, T0 + 2 * 3_600_000);
		expect(listDevices(phone)[0]).toMatchObject({ addedAt: T0, lastSeenAt: T0 + 7_200_000 });
		revokeDevice(phone, 'laptop', T0 + 3);
		exchange(phone, laptop);
		expect(listDevices(laptop).map((d) => d.id)).toEqual(['phone']);
		expect(listDevices(laptop, true)).toHaveLength(2);
	});

	test('a journal gets one id, kept by every device once synced', () => {
		const [a, b] = [new Y.Doc(), new Y.Doc()];
		const id = ensureJournalId(a);
		expect(ensureJournalId(a)).toBe(id);
		expect(journalIdOf(b)).toBeUndefined();
		exchange(a, b);
		expect(journalIdOf(b)).toBe(id);
	});

	test('a device is named by its browser and system', () => {
		expect(
			deviceName(
				'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
			)
		).toBe('Chrome on Android');
		expect(
			deviceName('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')
		).toBe('Firefox on Linux');
		expect(deviceName('')).toBe('A browser on this device');
	});
});
