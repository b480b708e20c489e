import { expect, test } from '@playwright/test';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

test('A creates a space and invites; B joins from the link; names and changes sync both ways', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		expect(link).toMatch(/\/join#p1\./);
		await joinFromLink(b.page, link, 'Sam');

		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expectConnected(a.page, 'Sam');
		await expect(a.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await expect(b.page.getByRole('heading', { name: 'You and Alex' })).toBeVisible();

		// A change in A appears in B, and back.
		await a.page.goto('/settings');
		await a.page.getByLabel('My name').fill('Alex R.');
		await a.page.getByRole('button', { name: 'Save name' }).click();
		await expect(b.page.getByRole('heading', { name: 'You and Alex R.' })).toBeVisible();

		await b.page.goto('/settings');
		await b.page.getByLabel('My name').fill('Sam K.');
		await b.page.getByRole('button', { name: 'Save name' }).click();
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam K.' })).toBeVisible();

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
