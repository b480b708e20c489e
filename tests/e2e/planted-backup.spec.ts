import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { KDF_FLOOR, seal } from '../../src/lib/backup/envelope';
import { newJournalKeys } from '../../src/lib/sync/invite';
import { deviceKeys, writeEntry } from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved
} from './peers';

const PASS = 'lantern quiet river morning';

/**
 * What the partner can make: a "backup" with the other's space, id and device name, but
 * journal keys of their own choosing (a room they would read) and their own connection settings.
 */
async function plantedBackup(victim: { room: string; key: string; me: string }): Promise<Buffer> {
	const journal = new Y.Doc();
	journal.getMap('journal').set('planted', new Y.Map());
	const shared = Y.encodeStateAsUpdate(new Y.Doc());
	const priv = Y.encodeStateAsUpdate(journal);
	const head = new TextEncoder().encode(
		JSON.stringify({
			kind: 'kept-backup-contents',
			createdAt: Date.now(),
			schemaVersion: 1,
			device: { ...victim, via: 'joined', journal: newJournalKeys() },
			signalingUrl: 'ws://localhost:9/partner-watches',
			devices: [{ name: 'Chrome on Linux', addedAt: Date.now(), lastSeenAt: Date.now() }],
			sharedLength: shared.length,
			privateLength: priv.length
		})
	);
	const plain = new Uint8Array(4 + head.length + shared.length + priv.length);
	new DataView(plain.buffer).setUint32(0, head.length);
	plain.set(head, 4);
	plain.set(shared, 4 + head.length);
	plain.set(priv, 4 + head.length + shared.length);
	return Buffer.from(await seal(new Uint8Array(gzipSync(plain)), PASS, KDF_FLOOR));
}

async function restore(page: Page, buffer: Buffer) {
	await page.goto('/restore');
	await page
		.getByLabel('Backup file')
		.setInputFiles({ name: 'kept-backup.json', mimeType: 'application/json', buffer });
	await page.getByLabel('Passphrase').fill(PASS);
	await page.getByRole('button', { name: 'Restore' }).click();
}

test('a backup planted by the partner does not move the journal, and adopts nothing unseen', async () => {
	const alex = await launchDevice('Alex');
	const sam = await launchDevice('Sam');
	const fresh = await launchDevice('Fresh');
	try {
		const link = await createSpace(alex.page, 'Alex');
		await joinFromLink(sam.page, link, 'Sam');
		await expectConnected(sam.page, 'Alex');
		await writeEntry(sam.page, 'Sam’s own words.');
		await waitForSaved(sam.page);
		const before = await deviceKeys(sam.page);
		const file = await plantedBackup(before);

		// On Sam's device: refused, and the journal's keys and words are as they were.
		await restore(sam.page, file);
		await expect(
			sam.page.getByText('holds a journal that isn’t the one on this device')
		).toBeVisible();
		await expect(sam.page.getByText('Nothing was changed.')).toBeVisible();
		expect(await deviceKeys(sam.page)).toEqual(before);
		expect(await sam.page.evaluate(() => localStorage.getItem('kept.device.v1'))).not.toContain(
			'partner-watches'
		);
		await sam.page.goto('/journal');
		await expect(sam.page.getByText('Sam’s own words.')).toBeVisible();

		// On a device with nothing yet: it shows what it would adopt, and adopts nothing unasked.
		await restore(fresh.page, file);
		await expect(fresh.page.getByRole('heading', { name: 'Is this backup yours?' })).toBeVisible();
		await expect(fresh.page.getByText('ws://localhost:9/partner-watches')).toBeVisible();
		await expect(fresh.page.getByLabel(/Use these connection settings/)).not.toBeChecked();
		await fresh.page.getByRole('button', { name: 'Don’t restore' }).click();
		expect(await fresh.page.evaluate(() => localStorage.length)).toBe(0);
	} finally {
		await closeDevices(alex, sam, fresh);
	}
});
