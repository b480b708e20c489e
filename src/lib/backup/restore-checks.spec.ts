import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { writeInitialContent } from '../schema';
import type { DeviceSettings } from '../sync/device';
import { newJournalKeys, newSpaceKeys } from '../sync/invite';
import { ensureJournalId, seeDevice } from '../sync/own-devices';
import { createEntry, editText } from '../journal/journal';
import {
	checkFits,
	makeBackup,
	MAX_CONTENTS_BYTES,
	readBackup,
	restoreErrorMessage,
	settingsFromBackup,
	type Backup
} from './backup';
import { DEFAULT_SCRYPT, KDF_FLOOR, seal } from './envelope';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const LOW = { kdfFloor: FAST };
const PASS = 'quiet river morning lantern';
const T0 = Date.UTC(2026, 2, 3, 20);

function aDevice(): { shared: Y.Doc; privateDoc: Y.Doc; settings: DeviceSettings } {
	const shared = new Y.Doc();
	const privateDoc = new Y.Doc();
	writeInitialContent(shared, { id: 'alex-000001', name: 'Alex' }, T0);
	editText(privateDoc, createEntry(privateDoc, T0), 'text', 'Only mine.', T0);
	ensureJournalId(privateDoc);
	seeDevice(privateDoc, { id: 'phone', name: 'Chrome on Android' }, T0);
	const settings: DeviceSettings = {
		space: {
			...newSpaceKeys(),
			me: 'alex-000001',
			via: 'created',
			addedAt: T0,
			journal: newJournalKeys()
		}
	};
	return { shared, privateDoc, settings };
}

/** A backup file whose contents (before gzip) are exactly `header` and the two updates. */
async function craft(header: Record<string, unknown>, params = FAST): Promise<string> {
	const shared = Y.encodeStateAsUpdate(new Y.Doc());
	const priv = Y.encodeStateAsUpdate(new Y.Doc());
	const head = new TextEncoder().encode(
		JSON.stringify({
			kind: 'kept-backup-contents',
			sharedLength: shared.length,
			privateLength: priv.length,
			...header
		})
	);
	const plain = new Uint8Array(4 + head.length + shared.length + priv.length);
	new DataView(plain.buffer).setUint32(0, head.length);
	plain.set(head, 4);
	plain.set(shared, 4 + head.length);
	plain.set(priv, 4 + head.length + shared.length);
	return seal(new Uint8Array(gzipSync(plain)), PASS, params);
}

const someDevice = () => ({ ...newSpaceKeys(), me: 'alex-000001', via: 'created' });

describe('restoring checks everything it would adopt', () => {
	test('new backups cost N = 2^17; the first ones (2^16) still open; weaker ones are refused', async () => {
		expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
		const device = aDevice();
		const old = await makeBackup(device, PASS, T0, KDF_FLOOR);
		expect((await readBackup(old, PASS)).ok).toBe(true);
		const weak = await makeBackup(device, PASS, T0, { N: 2 ** 14, r: 8, p: 1 });
		expect(await readBackup(weak, PASS)).toEqual({ ok: false, error: 'weak-kdf' });
		const thin = await makeBackup(device, PASS, T0, { N: 2 ** 16, r: 4, p: 1 });
		expect(await readBackup(thin, PASS)).toEqual({ ok: false, error: 'weak-kdf' });
		expect(restoreErrorMessage('weak-kdf')).toMatch(/Nothing was changed\.$/);
	});

	test('a javascript: or non-STUN/TURN address, or a signaling server that isn’t ws(s), is refused', async () => {
		const cases: Record<string, unknown>[] = [
			{ iceServers: [{ urls: 'javascript:alert(1)' }] },
			{ iceServers: [{ urls: ['stun:ok.example:3478', 'https://evil.example/'] }] },
			{ iceServers: [{ urls: 'turn:t.example:3478', username: 'u', credential: { x: 1 } }] },
			{ iceServers: 'stun:x' },
			{ signalingUrl: 'javascript:alert(1)' },
			{ signalingUrl: 'https://evil.example/signal' },
			{ signalingUrl: 42 }
		];
		for (const extra of cases) {
			const text = await craft({ device: someDevice(), ...extra });
			expect(await readBackup(text, PASS, LOW), JSON.stringify(extra)).toEqual({
				ok: false,
				error: 'unsafe-connection'
			});
		}
		const fine = await craft({
			device: someDevice(),
			signalingUrl: 'wss://signal.example/signal',
			iceServers: [{ urls: 'turn:t.example:3478', username: 'u', credential: 'p' }]
		});
		const read = await readBackup(fine, PASS, LOW);
		expect(read.ok && read.backup.iceServers).toEqual([
			{ urls: 'turn:t.example:3478', username: 'u', credential: 'p' }
		]);
	});

	test('connection settings are adopted only when the person chose them', async () => {
		const text = await craft({
			device: someDevice(),
			signalingUrl: 'wss://signal.example/signal',
			iceServers: [{ urls: 'stun:s.example:3478' }]
		});
		const read = await readBackup(text, PASS, LOW);
		if (!read.ok) throw new Error(read.error);
		expect(settingsFromBackup(read.backup, T0).signalingUrl).toBeUndefined();
		expect(settingsFromBackup(read.backup, T0).iceServers).toBeUndefined();
		expect(settingsFromBackup(read.backup, T0, { useConnection: true })).toMatchObject({
			signalingUrl: 'wss://signal.example/signal',
			iceServers: [{ urls: 'stun:s.example:3478' }]
		});
	});

	test('a decompression bomb stops at 64 MiB unpacked', async () => {
		const bomb = new Uint8Array(gzipSync(new Uint8Array(MAX_CONTENTS_BYTES + 1024), { level: 9 }));
		expect(bomb.length).toBeLessThan(1024 * 1024);
		const text = await seal(bomb, PASS, FAST);
		expect(await readBackup(text, PASS, LOW)).toEqual({ ok: false, error: 'too-large' });
	});

	test('a backup the partner made up, with this person’s id and other journal keys, is refused', async () => {
		const mine = aDevice();
		const here = mine.settings.space!;
		const journalId = ensureJournalId(mine.privateDoc);
		// The partner knows the space's room and key and this person's id, never the journal.
		const planted = await craft({
			device: {
				room: here.room,
				key: here.key,
				me: here.me,
				via: 'created',
				journal: newJournalKeys()
			},
			devices: [{ name: 'Chrome on Android', addedAt: T0, lastSeenAt: T0 }]
		});
		const read = await readBackup(planted, PASS, LOW);
		if (!read.ok) throw new Error(read.error);
		expect(checkFits(read.backup, here, journalId)).toBe('other-journal');

		// A real one, from this person's device, fits; so does one after the journal key changed.
		const real = await readBackup(await makeBackup(mine, PASS, T0, FAST), PASS, LOW);
		if (!real.ok) throw new Error(real.error);
		expect(checkFits(real.backup, here, journalId)).toBeNull();
		const rotated = { ...here, journal: newJournalKeys() };
		expect(checkFits(real.backup, rotated, journalId)).toBeNull();
		expect(checkFits(real.backup, rotated, undefined)).toBe('other-journal');
	});

	test('a backup names the devices it came from and when it was made', async () => {
		const mine = aDevice();
		seeDevice(mine.privateDoc, { id: 'laptop', name: 'Firefox on Linux' }, T0 + 5);
		const read = await readBackup(await makeBackup(mine, PASS, T0 + 10, FAST), PASS, LOW);
		if (!read.ok) throw new Error(read.error);
		const backup: Backup = read.backup;
		expect(backup.createdAt).toBe(T0 + 10);
		expect(backup.devices.map((d) => d.name)).toEqual(['Chrome on Android', 'Firefox on Linux']);
		expect(backup.journalId).toBe(ensureJournalId(mine.privateDoc));
	});
});
