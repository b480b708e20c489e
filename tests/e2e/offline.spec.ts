import { expect, test } from '@playwright/test';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	offlineReady,
	waitForSaved,
	type Device
} from './peers';

async function rename(device: Device, name: string) {
	await device.page.goto('/settings');
	await device.page.getByLabel('My name').fill(name);
	await device.page.getByRole('button', { name: 'Save name' }).click();
	await expect(device.page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await waitForSaved(device.page);
}

test('after the first visit the app opens with the network off, with its data', async () => {
	const a = await launchDevice('A');
	try {
		await createSpace(a.page, 'Alex');
		await offlineReady(a.page);
		await waitForSaved(a.page);
		await a.context.setOffline(true);
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible();
		await a.page.goto('/settings');
		await expect(a.page.getByLabel('My name')).toHaveValue('Alex');
		await a.page.goto('/');
		await expect(a.page.getByTestId('sync-status').first()).toContainText('Not paired yet');
	} finally {
		await closeDevices(a);
	}
});

test('partitioned partners both change things offline, and converge when back online', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await offlineReady(a.page);
		await offlineReady(b.page);

		// Cut both off: offline, then reload so the open WebRTC link is gone too.
		for (const d of [a, b]) {
			await d.context.setOffline(true);
			await d.page.reload();
			await expect(d.page.getByTestId('sync-status').first()).toContainText(
				'Offline — saved on this device'
			);
		}
		await rename(a, 'Alex (offline)');
		await rename(b, 'Sam (offline)');

		for (const d of [a, b]) await d.context.setOffline(false);
		await a.page.goto('/');
		await b.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam (offline)' })).toBeVisible({
			timeout: 30_000
		});
		await expect(b.page.getByRole('heading', { name: 'You and Alex (offline)' })).toBeVisible({
			timeout: 30_000
		});
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex (offline)' })).toBeVisible();
		await expect(b.page.getByRole('heading', { name: 'Hello, Sam (offline)' })).toBeVisible();
	} finally {
		await closeDevices(a, b);
	}
});
