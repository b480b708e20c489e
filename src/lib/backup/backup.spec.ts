import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { writeInitialContent } from '../schema';
import { addPartner } from '../partners/partners';
import type { DeviceSettings } from '../sync/device';
import { newJournalKeys, newSpaceKeys } from '../sync/invite';
import { exchange } from '../test/peers';
import { createEntry, editText, listEntries } from '../journal/journal';
import { shareInsight, sharedInsights } from '../journal/insights';
import {
	checkFits,
	makeBackup,
	mergeBackup,
	readBackup,
	settingsFromBackup,
	type Backup
} from './backup';
import { DEFAULT_SCRYPT, open, readEnvelope, seal, type Envelope } from './envelope';

// Small scrypt cost for tests; the app uses DEFAULT_SCRYPT.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const LOW = { kdfFloor: FAST };
const PASS = 'quiet river morning lantern';
const T0 = Date.UTC(2026, 2, 3, 20);

function deviceOf(me = 'alex-000001'): DeviceSettings {
	return {
		space: { ...newSpaceKeys(), me, via: 'created', addedAt: T0, journal: newJournalKeys() }
	};
}

function aSpace() {
	const shared = new Y.Doc();
	const privateDoc = new Y.Doc();
	writeInitialContent(shared, { id: 'alex-000001', name: 'Alex' }, T0);
	addPartner(shared, 'sam-0000001', 'Sam', T0 + 1);
	shareInsight(shared, 'alex-000001', 'Walks help.', T0 + 2);
	const entryId = createEntry(privateDoc, T0);
	editText(privateDoc, entryId, 'text', 'Only mine: the evening was hard.', T0);
	return { shared, privateDoc, entryId, settings: deviceOf() };
}

async function backupOf(space: ReturnType<typeof aSpace>): Promise<string> {
	return makeBackup(space, PASS, T0 + 10, FAST);
}

async function opened(text: string, pass = PASS): Promise<Backup> {
	const result = await readBackup(text, pass, LOW);
	if (!result.ok) throw new Error(result.error);
	return result.backup;
}

const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex');

describe('backups', () => {
	test('a backup round-trips the shared space, the journal and the device settings', async () => {
		const space = aSpace();
		const text = await backupOf(space);
		const envelope = JSON.parse(text) as Envelope;
		expect(envelope).toMatchObject({ format: 'kept-backup', version: 1, kdf: { name: 'scrypt' } });
		for (const secret of ['Only mine', 'Walks help', space.settings.space!.key]) {
			expect(text).not.toContain(secret);
		}

		const backup = await opened(text);
		expect(backup.device).toEqual(space.settings.space);
		expect(backup.createdAt).toBe(T0 + 10);
		const fresh = { shared: new Y.Doc(), privateDoc: new Y.Doc() };
		mergeBackup(fresh.shared, fresh.privateDoc, backup);
		expect(stateOf(fresh.shared)).toBe(stateOf(space.shared));
		expect(listEntries(fresh.privateDoc)[0].text).toBe('Only mine: the evening was hard.');
		expect(sharedInsights(fresh.shared)[0].text).toBe('Walks help.');
		const settings = settingsFromBackup(backup, T0 + 20);
		expect(settings.space).toMatchObject({ ...space.settings.space, addedAt: T0 + 20 });
	});

	test('a wrong passphrase opens nothing and says so', async () => {
		const text = await backupOf(aSpace());
		expect(await readBackup(text, PASS + ' ', LOW)).toEqual({
			ok: false,
			error: 'wrong-passphrase'
		});
		expect(await readBackup(text, '', LOW)).toEqual({ ok: false, error: 'wrong-passphrase' });
	});

	test('any change to the file is refused: ciphertext, iv, header, or a cut', async () => {
		const text = await backupOf(aSpace());
		const envelope = JSON.parse(text) as Envelope;
		const flip = (b64: string, at: number) => {
			const bytes = Buffer.from(b64, 'base64');
			bytes[at] ^= 1;
			return bytes.toString('base64');
		};
		const variants: Envelope[] = [
			{ ...envelope, ciphertext: flip(envelope.ciphertext, 3) },
			{
				...envelope,
				ciphertext: flip(envelope.ciphertext, Buffer.from(envelope.ciphertext, 'base64').length - 1)
			},
			{ ...envelope, cipher: { ...envelope.cipher, iv: flip(envelope.cipher.iv, 0) } },
			{ ...envelope, ciphertext: envelope.ciphertext.slice(0, -8) }
		];
		for (const v of variants) {
			expect(await readBackup(JSON.stringify(v), PASS, LOW)).toEqual({
				ok: false,
				error: 'altered'
			});
		}
		// Changing the salt or the cost changes the key: it reads as a passphrase that doesn't fit.
		const salted = { ...envelope, kdf: { ...envelope.kdf, salt: flip(envelope.kdf.salt, 2) } };
		expect((await readBackup(JSON.stringify(salted), PASS, LOW)).ok).toBe(false);
		expect(await readBackup(text.slice(0, text.length / 2), PASS, LOW)).toEqual({
			ok: false,
			error: 'truncated'
		});
	});

	test('a file that isn’t a backup, or one from a newer Kept, is told apart', async () => {
		expect(await readBackup('hello', PASS, LOW)).toEqual({ ok: false, error: 'not-backup' });
		expect(await readBackup('{"format":"something-else"}', PASS, LOW)).toEqual({
			ok: false,
			error: 'not-backup'
		});
		const text = await backupOf(aSpace());
		const newer = { ...JSON.parse(text), version: 2 };
		expect(await readBackup(JSON.stringify(newer), PASS, LOW)).toEqual({
			ok: false,
			error: 'newer'
		});
		const greedy = { ...JSON.parse(text), kdf: { ...JSON.parse(text).kdf, N: 2 ** 24 } };
		expect(await readBackup(JSON.stringify(greedy), PASS, LOW)).toEqual({
			ok: false,
			error: 'altered'
		});
	});

	test('restoring merges: nothing present is lost, and restoring twice changes nothing', async () => {
		const space = aSpace();
		const backup = await opened(await backupOf(space));
		// After the backup, this device went on: a new entry and a new insight.
		const later = createEntry(space.privateDoc, T0 + 100);
		editText(space.privateDoc, later, 'text', 'Written after the backup.', T0 + 100);
		shareInsight(space.shared, 'alex-000001', 'Newer insight.', T0 + 100);
		const before = { shared: stateOf(space.shared), private: stateOf(space.privateDoc) };

		mergeBackup(space.shared, space.privateDoc, backup);
		expect(stateOf(space.shared)).toBe(before.shared);
		expect(stateOf(space.privateDoc)).toBe(before.private);

		// Into a device that lost some of it (say, a reinstalled phone that synced only the space).
		const phone = { shared: new Y.Doc(), privateDoc: new Y.Doc() };
		exchange(phone.shared, space.shared);
		mergeBackup(phone.shared, phone.privateDoc, backup);
		const once = { shared: stateOf(phone.shared), private: stateOf(phone.privateDoc) };
		let updates = 0;
		phone.shared.on('update', () => updates++);
		phone.privateDoc.on('update', () => updates++);
		mergeBackup(phone.shared, phone.privateDoc, backup);
		expect(updates).toBe(0);
		expect({ shared: stateOf(phone.shared), private: stateOf(phone.privateDoc) }).toEqual(once);
		expect(sharedInsights(phone.shared).map((i) => i.text)).toEqual([
			'Newer insight.',
			'Walks help.'
		]);
		expect(listEntries(phone.privateDoc).map((e) => e.text)).toEqual([
			'Only mine: the evening was hard.'
		]);
	});

	test('a backup of another space, or of the partner’s device, is refused', async () => {
		const space = aSpace();
		const backup = await opened(await backupOf(space));
		const here = space.settings.space!;
		expect(checkFits(backup, here)).toBeNull();
		expect(checkFits(backup, undefined)).toBeNull();
		expect(checkFits(backup, { ...deviceOf().space! })).toBe('other-space');
		expect(checkFits(backup, { ...here, key: newSpaceKeys().key })).toBe('other-space');
		expect(checkFits(backup, { ...here, me: 'sam-0000001' })).toBe('other-person');
	});

	test('the default cost is one the reader accepts', async () => {
		const text = await seal(new Uint8Array([1, 2, 3]), PASS);
		expect(readEnvelope(text)).toMatchObject({ ok: true, envelope: { kdf: DEFAULT_SCRYPT } });
		// Sealing at the full cost is slow by design: give it time on a busy machine.
	}, 120_000);

	test('the envelope alone: sealed bytes come back exactly', async () => {
		const bytes = crypto.getRandomValues(new Uint8Array(1000));
		const text = await seal(bytes, PASS, FAST);
		const result = await open(text, PASS, FAST);
		expect(result.ok && Buffer.from(result.plaintext).equals(Buffer.from(bytes))).toBe(true);
	});
});
