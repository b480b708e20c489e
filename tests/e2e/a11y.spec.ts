import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeDevices, createSpace, launchDevice } from './peers';
import { deviceLinkOn } from './journal-helpers';

/**
 * Every screen, at a phone's width and a desktop's, light and dark: axe finds nothing, and
 * nothing is wider than the screen. With SCREENSHOTS=<folder>, each one is also saved.
 */
const shotsDir = process.env.SCREENSHOTS;
const widths = [360, 1280];
const schemes = ['light', 'dark'] as const;

async function checkEveryWay(page: Page, name: string, ready: () => Promise<void>) {
	for (const width of widths) {
		for (const scheme of schemes) {
			await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
			await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
			await ready();
			// Let the new colour scheme settle for a frame before measuring contrast.
			await page.evaluate(
				() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
			);
			// Polled: right after a colour-scheme switch, axe can read a colour from before it.
			await expect
				.poll(
					async () =>
						(await new AxeBuilder({ page }).analyze()).violations.map(
							(v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`
						),
					{ message: `${name} at ${width}px, ${scheme}`, timeout: 10_000 }
				)
				.toEqual([]);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${name} at ${width}px fits the screen`).toBeLessThanOrEqual(0);
			if (shotsDir) {
				await page.evaluate(() => window.scrollTo(0, 0));
				await page.screenshot({
					path: `${shotsDir}/${name}-${width}-${scheme}.png`,
					fullPage: true
				});
			}
		}
	}
}

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
