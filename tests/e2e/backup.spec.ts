import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { checkEveryWay, writeEntry } from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved
} from './peers';

const PASS = 'lantern quiet river morning';

/** Downloads a backup from Settings; returns the saved file's path and how long it took. */
async function downloadBackup(
	page: Page,
	passphrase = PASS
): Promise<{ path: string; ms: number }> {
	await waitForSaved(page);
	await page.goto('/settings');
	await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
	await page.getByLabel('Passphrase again').fill(passphrase);
	const started = Date.now();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download a backup' }).click()
	]);
	const ms = Date.now() - started;
	expect(download.suggestedFilename()).toMatch(/^kept-backup-\d{4}-\d{2}-\d{2}\.json$/);
	const path = test.info().outputPath(`${Math.random().toString(36).slice(2)}.json`);
	await download.saveAs(path);
	await expect(page.getByRole('status').filter({ hasText: 'Backup downloaded.' })).toBeVisible();
	return { path, ms };
}

/** Restores a file on the restore screen (which must be open). */
async function restore(page: Page, file: string | { name: string; buffer: Buffer }, pass = PASS) {
	await page
		.getByLabel('Backup file')
		.setInputFiles(
			typeof file === 'string'
				? file
				: { name: file.name, mimeType: 'application/json', buffer: file.buffer }
		);
	await page.getByLabel('Passphrase').fill(pass);
	await page.getByRole('button', { name: 'Restore' }).click();
}

/** The entries on the journal page, as their visible text. */
async function journalTexts(page: Page): Promise<string[]> {
	await page.goto('/journal');
	await expect(page.getByRole('heading', { name: 'Journal', level: 1 })).toBeVisible();
	return page.getByRole('list', { name: 'Entries' }).getByRole('listitem').allInnerTexts();
}

test('a backup from one browser, restored in a fresh one, brings back the space and the journal', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const fresh = await launchDevice('Fresh');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(a.page, 'Sam');
		await writeEntry(a.page, 'Backed up: the quiet walk on Sunday.');
		await a.page.getByRole('radio', { name: 'Hopeful' }).check();
		await a.page.getByLabel('Words to share').fill('Sunday walks steady me.');
		await a.page.getByRole('button', { name: 'Share with Sam' }).click();

		const { path, ms } = await downloadBackup(a.page);
		test
			.info()
			.annotations.push({ type: 'backup (scrypt N=2^17) click→file', description: `${ms} ms` });
		await expect(a.page.getByTestId('last-backup')).toContainText('Last backup from this device');
		const file = readFileSync(path, 'utf8');
		expect(JSON.parse(file)).toMatchObject({
			format: 'kept-backup',
			kdf: { name: 'scrypt', N: 131072 }
		});
		expect(file).not.toContain('quiet walk');
		// Nothing can come from the old devices: only the file.
		await closeDevices(a, b);

		await fresh.page.goto('/');
		await fresh.page.getByRole('link', { name: 'Restore from a backup' }).click();
		await restore(fresh.page, path, 'not the passphrase');
		await expect(fresh.page.getByText('That passphrase doesn’t open this backup.')).toBeVisible();
		expect(await fresh.page.evaluate(() => localStorage.length)).toBe(0);

		await restore(fresh.page, path);
		// Before anything is adopted: when it was made, and on which devices.
		await expect(fresh.page.getByRole('heading', { name: 'Is this backup yours?' })).toBeVisible();
		await expect(fresh.page.getByTestId('backup-devices')).toContainText('Chrome on Linux');
		expect(await fresh.page.evaluate(() => localStorage.length)).toBe(0);
		await fresh.page.getByRole('button', { name: 'These are my devices: restore' }).click();
		await expect(fresh.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible();
		await expect(fresh.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await waitForSaved(fresh.page);
		await fresh.page.reload();
		const texts = await journalTexts(fresh.page);
		expect(texts).toHaveLength(1);
		expect(texts[0]).toContain('Backed up: the quiet walk on Sunday.');
		expect(texts[0]).toContain('Feeling: Hopeful');
		await fresh.page.goto('/journal/shared');
		await expect(fresh.page.getByRole('region', { name: 'What you’ve shared' })).toContainText(
			'Sunday walks steady me.'
		);
	} finally {
		await closeDevices(a, b, fresh);
	}
});

test('restoring merges without losing anything, and a bad file changes nothing', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const other = await launchDevice('Other');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await createSpace(other.page, 'Kim');
		await writeEntry(a.page, 'Before the backup.');
		const mine = await downloadBackup(a.page);
		await writeEntry(a.page, 'After the backup.');
		await writeEntry(b.page, 'Sam’s own journal.');
		const sams = await downloadBackup(b.page);
		const kims = await downloadBackup(other.page);
		const before = (await journalTexts(a.page)).sort();
		expect(before).toHaveLength(2);

		const good = readFileSync(mine.path, 'utf8');
		const envelope = JSON.parse(good);
		const c = envelope.ciphertext as string;
		const altered = JSON.stringify({
			...envelope,
			ciphertext: (c[0] === 'A' ? 'B' : 'A') + c.slice(1)
		});
		const huge = test.info().outputPath('huge.json');
		writeFileSync(huge, '{"format":"kept-backup"');
		truncateSync(huge, 201 * 1024 * 1024);
		const bad: [string | { name: string; buffer: Buffer }, string][] = [
			[{ name: 'notes.json', buffer: Buffer.from('Shopping: bread, tea') }, 'isn’t a Kept backup'],
			[{ name: 'cut.json', buffer: Buffer.from(good.slice(0, good.length / 2)) }, 'cut short'],
			[{ name: 'altered.json', buffer: Buffer.from(altered) }, 'has been changed'],
			[sams.path, 'made on your partner’s device'],
			[kims.path, 'different Kept space'],
			[huge, 'far larger than any Kept backup']
		];
		await a.page.goto('/settings');
		await a.page.getByRole('link', { name: 'Restore from a backup' }).click();
		for (const [file, says] of bad) {
			await restore(a.page, file);
			await expect(a.page.getByText(says)).toBeVisible();
			await expect(a.page.getByText('Nothing was changed.')).toBeVisible();
		}
		expect((await journalTexts(a.page)).sort()).toEqual(before);

		// The right file merges: nothing written since is lost, and twice is the same as once.
		for (let i = 0; i < 2; i++) {
			await a.page.goto('/restore');
			await restore(a.page, mine.path);
			await expect(a.page.getByText('Restored. Everything that was already')).toBeVisible();
			expect((await journalTexts(a.page)).sort()).toEqual(before);
		}
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
	} finally {
		await closeDevices(a, b, other);
	}
});

test('a readable copy of the journal, then erasing everything on this device', async () => {
	const a = await launchDevice('A');
	try {
		await createSpace(a.page, 'Alex');
		await writeEntry(a.page, 'Readable: we kept the Sunday call.');
		await a.page.getByText('Gentle prompts').click();
		await a.page.getByLabel('What I learned').fill('Calling first works.');
		await waitForSaved(a.page);
		await a.page.goto('/settings');
		const [md] = await Promise.all([
			a.page.waitForEvent('download'),
			a.page.getByRole('button', { name: 'Download as Markdown' }).click()
		]);
		const markdown = readFileSync(await md.path(), 'utf8');
		expect(markdown).toContain('# Alex’s journal');
		expect(markdown).toContain('Readable: we kept the Sunday call.');
		expect(markdown).toContain('### What I learned\n\nCalling first works.');
		const [json] = await Promise.all([
			a.page.waitForEvent('download'),
			a.page.getByRole('button', { name: 'Download as JSON' }).click()
		]);
		expect(JSON.parse(readFileSync(await json.path(), 'utf8')).entries[0]).toMatchObject({
			text: 'Readable: we kept the Sunday call.'
		});

		await a.page.getByRole('button', { name: 'Leave this space…' }).click();
		const dialog = a.page.getByRole('alertdialog', {
			name: 'Erase everything Kept holds on this device?'
		});
		await expect(dialog).toContainText('your private journal');
		await dialog.getByRole('button', { name: 'Erase everything' }).click();
		await expect(a.page.getByRole('button', { name: 'Create our space' })).toBeVisible();
		// Nothing of the space is left: no saved documents, no records in any database, no settings.
		// (Polled: erasing reloads the page, which may still be under way.)
		await expect
			.poll(() =>
				a.page
					.evaluate(async () => {
						const names = (await indexedDB.databases()).map((d) => d.name as string);
						let records = 0;
						for (const name of names) {
							const db = await new Promise<IDBDatabase>((resolve, reject) => {
								const req = indexedDB.open(name);
								req.onsuccess = () => resolve(req.result);
								req.onerror = () => reject(req.error);
							});
							for (const store of Array.from(db.objectStoreNames)) {
								records += await new Promise<number>((resolve) => {
									const req = db.transaction([store]).objectStore(store).count();
									req.onsuccess = () => resolve(req.result);
								});
							}
							db.close();
						}
						return {
							documents: names.filter((n) => /^kept-(space|private)-/.test(n)),
							records,
							local: localStorage.length,
							// SvelteKit notes scroll positions as the page unloads; nothing of Kept's is kept.
							session: Object.keys(sessionStorage).filter((k) => !k.startsWith('sveltekit:'))
						};
					})
					.catch(() => 'the page is still reloading')
			)
			.toEqual({ documents: [], records: 0, local: 0, session: [] });
	} finally {
		await closeDevices(a);
	}
});

test('the restore screen and the backups in Settings have no accessibility violations', async () => {
	const a = await launchDevice('A');
	const fresh = await launchDevice('Fresh');
	try {
		await fresh.page.goto('/restore');
		await checkEveryWay(fresh.page, 'restore-fresh', () =>
			expect(fresh.page.getByLabel('Backup file')).toBeVisible()
		);
		await restore(fresh.page, { name: 'notes.json', buffer: Buffer.from('not a backup') });
		await checkEveryWay(fresh.page, 'restore-refused', () =>
			expect(fresh.page.getByText('isn’t a Kept backup')).toBeVisible()
		);

		await createSpace(a.page, 'Alex');
		await writeEntry(a.page, 'Something worth keeping.');
		// A backup from long ago: Settings and the journal remind gently.
		await a.page.evaluate(() =>
			localStorage.setItem(
				'kept.backup.v1',
				JSON.stringify({ lastBackupAt: Date.now() - 40 * 864e5 })
			)
		);
		await a.page.goto('/settings');
		await a.page.getByRole('button', { name: 'Download a backup' }).click();
		await checkEveryWay(a.page, 'settings-backups', () =>
			expect(a.page.getByText('It has been a while.')).toBeVisible()
		);
		await a.page.goto('/journal');
		await expect(a.page.getByText('It has been a while since your last backup')).toBeVisible();
		await a.page.goto('/restore');
		await checkEveryWay(a.page, 'restore-merge', () =>
			expect(a.page.getByText('Restoring adds what is in the backup')).toBeVisible()
		);
	} finally {
		await closeDevices(a, fresh);
	}
});
