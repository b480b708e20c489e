import { expect, test } from '@playwright/test';
import {
	addOwnDevice,
	checkEveryWay,
	dumpIndexedDb,
	selectWords,
	writeEntry
} from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	offlineReady,
	waitForSaved
} from './peers';

test('a journal entry reaches the same person’s other device, and edits flow both ways', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	try {
		await createSpace(a.page, 'Alex');
		const path = await writeEntry(a.page, 'On the phone: the call at eight went calmly.');
		await a.page.getByRole('radio', { name: 'Steady' }).check();
		await a.page.getByLabel('Tags').fill('calls, evening');
		await a.page.getByLabel('Tags').press('Tab');
		await waitForSaved(a.page);

		await addOwnDevice(a, a2, 'Alex');
		await a2.page.goto('/journal');
		const item = a2.page.getByRole('link', { name: /the call at eight went calmly/ });
		await expect(item).toBeVisible({ timeout: 30_000 });
		await expect(item).toContainText('Feeling: Steady');
		await expect(item).toContainText('#evening');

		// Written on the laptop, read on the phone, in the same entry.
		await item.click();
		await expect(a2.page).toHaveURL(new RegExp(`${path}$`));
		await a.page.goto(path);
		const laptop = a2.page.getByLabel('What’s on your mind');
		await laptop.press('ControlOrMeta+End');
		await laptop.pressSequentially(' Later, on the laptop: I said thank you.');
		await expect(a.page.getByLabel('What’s on your mind')).toHaveValue(
			'On the phone: the call at eight went calmly. Later, on the laptop: I said thank you.',
			{ timeout: 30_000 }
		);
		// The journal never needed the partner: it syncs in its own room, between own devices.
		expect(a.consoleErrors).toEqual([]);
		expect(a2.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, a2);
	}
});

test('writing, prompts, search, and deleting with a way back', async () => {
	const a = await launchDevice('A');
	try {
		await createSpace(a.page, 'Alex');
		await writeEntry(a.page, 'Coffee at the Café Noir; we both listened.');
		await a.page.getByText('Gentle prompts').click();
		await a.page.getByLabel('What I learned').fill('Listening first makes the rest easier.');
		await a.page.getByLabel('Tags').fill('#weekend');
		await a.page.getByLabel('Tags').press('Tab');
		await writeEntry(a.page, 'A long walk; I felt calmer after.');
		await a.page.getByRole('link', { name: '← All entries' }).click();

		const entries = a.page.getByRole('list', { name: 'Entries' }).getByRole('listitem');
		await expect(entries).toHaveCount(2);
		const search = a.page.getByLabel('Search your journal');
		await search.fill('cafe');
		await expect(entries).toHaveCount(1);
		await expect(entries).toContainText('Café Noir');
		await search.fill('LISTENING first');
		await expect(entries).toHaveCount(1);
		await search.fill('weekend');
		await expect(entries).toHaveCount(1);
		await search.fill('nothing like this');
		await expect(entries).toHaveCount(0);
		await expect(a.page.getByText('No entries match.')).toBeVisible();
		await search.fill('');

		// An entry opened and left empty is not kept.
		await a.page.getByRole('button', { name: 'New entry' }).click();
		await a.page.getByRole('link', { name: '← All entries' }).click();
		await expect(entries).toHaveCount(2);

		await entries.filter({ hasText: 'long walk' }).getByRole('link').click();
		await a.page.getByRole('button', { name: 'Delete this entry…' }).click();
		await a.page.getByRole('button', { name: 'Delete it' }).click();
		await expect(entries).toHaveCount(1);
		await a.page.getByText('Deleted entries (1)').click();
		await a.page.getByRole('button', { name: 'Bring back' }).click();
		await expect(entries).toHaveCount(2);

		// Everything stays after a reload: it was saved on the device as it was typed.
		await waitForSaved(a.page);
		await a.page.reload();
		await expect(entries).toHaveCount(2);
	} finally {
		await closeDevices(a);
	}
});

test('an insight is shared by choice, reaches the partner, and can be withdrawn offline', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(a.page, 'Sam');

		await writeEntry(
			a.page,
			'Private start: a rough morning. I learned to pause before answering. Private end.'
		);
		const share = a.page.getByRole('region', { name: 'Share an insight' });
		await expect(share.getByRole('button', { name: 'Share with Sam' })).toBeDisabled();
		await selectWords(a.page, 'What’s on your mind', 'I learned to pause before answering.');
		await share.getByRole('button', { name: 'Use the words I selected' }).click();
		await expect(share.getByTestId('insight-preview')).toHaveText(
			'I learned to pause before answering.'
		);
		await share.getByRole('button', { name: 'Share with Sam' }).click();
		await expect(share.getByRole('status').filter({ hasText: 'Shared with Sam.' })).toBeVisible();

		await b.page.goto('/journal');
		await b.page
			.getByRole('link', { name: 'Alex has shared an insight with you' })
			.click({ timeout: 30_000 });
		const fromAlex = b.page.getByRole('region', { name: 'Shared with you' });
		await expect(fromAlex.getByRole('article')).toHaveText(
			/^I learned to pause before answering\.\s*Alex shared this on/,
			{ timeout: 30_000 }
		);
		await expect(b.page.getByText('Private start')).toHaveCount(0);
		await waitForSaved(b.page);
		expect((await dumpIndexedDb(b.page, 'kept-space-')).text).toContain('I learned to pause');

		// Withdrawn while offline: it goes when the devices meet again.
		await offlineReady(a.page);
		await waitForSaved(a.page);
		expect((await dumpIndexedDb(a.page, 'kept-space-')).text).toContain('I learned to pause');
		await a.context.setOffline(true);
		await a.page.goto('/journal/shared');
		await expect(a.page.getByTestId('sync-status').first()).toContainText('Offline');
		const mine = a.page.getByRole('region', { name: 'What you’ve shared' });
		await mine.getByRole('button', { name: 'Withdraw…' }).click();
		const dialog = a.page.getByRole('alertdialog');
		await expect(dialog).toContainText('Sam may already have read it');
		await dialog.getByRole('button', { name: 'Withdraw it' }).click();
		await expect(mine.getByRole('article')).toContainText('Withdrawn on');
		await expect(mine.getByText('I learned to pause')).toHaveCount(0);
		// Gone from this device's saved shared space too, not only from what syncs later.
		await expect
			.poll(async () => (await dumpIndexedDb(a.page, 'kept-space-')).text)
			.not.toContain('I learned to pause');

		await a.context.setOffline(false);
		await expect(fromAlex.getByRole('article')).toHaveCount(0, { timeout: 30_000 });
		await expect(fromAlex.getByText('Nothing from Alex yet.')).toBeVisible();
		// Once the withdrawal reached Sam's device, the words left its saved copy too.
		await expect
			.poll(async () => (await dumpIndexedDb(b.page, 'kept-space-')).text)
			.not.toContain('I learned to pause');
	} finally {
		await closeDevices(a, b);
	}
});

test('the journal pages have no accessibility violations, light and dark, phone and desktop', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await a.page.goto('/journal');
		await checkEveryWay(a.page, 'journal-empty', () =>
			expect(a.page.getByRole('heading', { name: 'Journal', level: 1 })).toBeVisible()
		);
		await writeEntry(a.page, 'A steady day. I kept the evening call and it felt good.');
		await a.page.getByText('Gentle prompts').click();
		await a.page.getByRole('radio', { name: 'Lighter' }).check();
		await a.page
			.getByRole('region', { name: 'Share an insight' })
			.getByLabel('Words to share')
			.fill('Keeping the evening call steadies me.');
		await checkEveryWay(a.page, 'journal-entry', () =>
			expect(a.page.getByTestId('insight-preview')).toBeVisible()
		);
		await a.page.getByRole('button', { name: 'Share with Sam' }).click();
		await a.page.getByRole('link', { name: '← All entries' }).click();
		await checkEveryWay(a.page, 'journal-list', () =>
			expect(a.page.getByRole('list', { name: 'Entries' })).toBeVisible()
		);
		await a.page.goto('/journal/shared');
		await checkEveryWay(a.page, 'journal-shared-mine', () =>
			expect(a.page.getByRole('button', { name: 'Withdraw…' })).toBeVisible()
		);
		await a.page.getByRole('button', { name: 'Withdraw…' }).click();
		await checkEveryWay(a.page, 'journal-withdraw', () =>
			expect(a.page.getByRole('alertdialog')).toBeVisible()
		);
		await a.page.keyboard.press('Escape');

		await b.page.goto('/journal/shared');
		await checkEveryWay(b.page, 'journal-shared-from-partner', () =>
			expect(b.page.getByText('Keeping the evening call steadies me.')).toBeVisible({
				timeout: 30_000
			})
		);
	} finally {
		await closeDevices(a, b);
	}
});
