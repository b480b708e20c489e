import { expect, test } from '@playwright/test';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

test('“Add my other device” brings the space to a second device of the same person', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');

		await a.page.goto('/invite');
		await a.page.getByRole('button', { name: 'Show the link for my device' }).click();
		const deviceLink = await a.page.getByLabel('Link for my own device').inputValue();
		expect(deviceLink).toMatch(/\/join#d1\./);
		expect(deviceLink).not.toBe(link);

		await a2.page.goto(deviceLink);
		await expect(a2.page.getByText('This link is for your own devices only')).toBeVisible();
		await a2.page.getByRole('button', { name: 'Add this device' }).click();
		await expect(a2.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible({
			timeout: 30_000
		});
		await expect(a2.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await expectConnected(a2.page, 'Sam');
	} finally {
		await closeDevices(a, a2, b);
	}
});
