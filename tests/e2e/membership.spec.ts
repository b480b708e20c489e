import { expect, test } from '@playwright/test';
import {
	addOwnDevice,
	deviceKeys,
	deviceLinkOn,
	dumpIndexedDb,
	writeEntry
} from './journal-helpers';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

test('“Add my other device”: a one-time link, the same code on both screens, confirmed on the first device', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await writeEntry(a.page, 'Alex’s own words, for Alex’s devices.');

		const deviceLink = await deviceLinkOn(a);
		expect(deviceLink).toMatch(/\/join#d2\./);
		const keys = await deviceKeys(a.page);
		for (const secret of [keys.key, keys.journal.key, keys.journal.room]) {
			expect(deviceLink).not.toContain(secret);
		}

		await a2.page.goto(deviceLink);
		await expect(a2.page.getByText('This link is for your own devices only')).toBeVisible();
		await a2.page.getByRole('button', { name: 'Add this device' }).click();
		const code = (await a2.page.getByTestId('match-code').textContent()) ?? '';
		expect(code).toMatch(/^\d{6}$/);
		await expect(a.page.getByTestId('match-code')).toHaveText(code);
		// Nothing has moved before the owner confirms.
		expect(await a2.page.evaluate(() => localStorage.getItem('kept.device.v1'))).toBeNull();
		await a.page.getByRole('button', { name: 'It shows the same code: add it' }).click();

		await expect(a2.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible({
			timeout: 30_000
		});
		await expect(a2.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await expectConnected(a2.page, 'Sam');
		await a2.page.goto('/journal');
		await expect(a2.page.getByText('Alex’s own words, for Alex’s devices.')).toBeVisible({
			timeout: 30_000
		});
		expect((await deviceKeys(a2.page)).journal).toEqual(keys.journal);
	} finally {
		await closeDevices(a, a2, b);
	}
});

test('a device link opened a second time adds nothing, and a code that doesn’t match sends nothing', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	const other = await launchDevice('Other');
	try {
		await createSpace(a.page, 'Alex');
		await writeEntry(a.page, 'Nobody else’s to read.');
		await addOwnDevice(a, a2, 'Alex');
		const used = await a.page.getByLabel('Link for my own device').count();
		expect(used).toBe(0);

		// The same link, opened again elsewhere (a photo of the QR code): refused.
		const link = await deviceLinkOn(a);
		await a2.page.goto('/');
		const third = await launchDevice('Third');
		try {
			await third.page.goto(link);
			await third.page.getByRole('button', { name: 'Add this device' }).click();
			await expect(third.page.getByTestId('match-code')).toBeVisible();
			// The owner sees a code their own device doesn't show, and says so.
			await a.page.getByRole('button', { name: 'It doesn’t match' }).click();
			await expect(third.page.getByText('This link has already been used')).toBeVisible();
			await other.page.goto(link);
			await other.page.getByRole('button', { name: 'Add this device' }).click();
			await expect(other.page.getByText('This link has already been used')).toBeVisible();
			for (const d of [third, other]) {
				expect(await d.page.evaluate(() => localStorage.getItem('kept.device.v1'))).toBeNull();
				expect((await dumpIndexedDb(d.page, 'kept-')).text).not.toContain('Nobody else');
			}
		} finally {
			await closeDevices(third);
		}
	} finally {
		await closeDevices(a, a2, other);
	}
});
