import { expect, test } from '@playwright/test';
import { closeDevices, createSpace, launchDevice } from './peers';
import { expectAccessible } from './axe';
import { deviceLinkOn } from './journal-helpers';

/**
 * Every screen, at a phone's width and a desktop's, light and dark: axe finds nothing, and
 * nothing is wider than the screen (`axe.ts`). With SCREENSHOTS=<folder>, each one is saved.
 */
const checkEveryWay = expectAccessible;

test('the welcome, join and broken-invite screens have no accessibility violations', async () => {
	const b = await launchDevice('B');
	try {
		await b.page.goto('/');
		await checkEveryWay(b.page, 'welcome', () =>
			expect(b.page.getByRole('heading', { level: 1 })).toBeVisible()
		);
		await b.page.getByRole('button', { name: 'Create our space' }).click();
		await checkEveryWay(b.page, 'create', () =>
			expect(b.page.getByLabel('Your name')).toBeVisible()
		);
		await b.page.goto('/join');
		await checkEveryWay(b.page, 'join', () =>
			expect(b.page.getByLabel('Invite link or code')).toBeVisible()
		);
		await b.page.goto('/join#p1.broken');
		await checkEveryWay(b.page, 'join-broken', () =>
			expect(b.page.getByRole('alert')).toBeVisible()
		);
	} finally {
		await closeDevices(b);
	}
});

test('the invite, home, settings and join-from-invite screens have no accessibility violations', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await checkEveryWay(a.page, 'invite', () =>
			expect(a.page.getByRole('img', { name: /QR code/ })).toBeVisible()
		);
		await a.page.getByRole('button', { name: 'Show the link for my device' }).click();
		await checkEveryWay(a.page, 'invite-passcode', () =>
			expect(a.page.getByLabel('New Kept passcode')).toBeVisible()
		);
		await deviceLinkOn(a);
		await checkEveryWay(a.page, 'invite-device', () =>
			expect(a.page.getByLabel('Link for my own device')).toBeVisible()
		);
		await a.page.goto('/');
		await checkEveryWay(a.page, 'home', () =>
			expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible()
		);
		await a.page.goto('/settings');
		await a.page.getByText('Connection settings', { exact: true }).click();
		await checkEveryWay(a.page, 'settings', () =>
			expect(a.page.getByRole('heading', { name: 'Settings' })).toBeVisible()
		);
		await a.page.getByRole('button', { name: 'Leave this space…' }).click();
		await checkEveryWay(a.page, 'settings-leave', () =>
			expect(a.page.getByRole('alertdialog')).toBeVisible()
		);
		await a.page.keyboard.press('Escape');

		await b.page.goto(link);
		await checkEveryWay(b.page, 'join-invited', () =>
			expect(b.page.getByRole('heading', { name: 'You’ve been invited' })).toBeVisible()
		);
	} finally {
		await closeDevices(a, b);
	}
});
