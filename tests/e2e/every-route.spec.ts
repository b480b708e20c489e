import { expect, test } from '@playwright/test';
import { toDay, weekStart } from '../../src/lib/core/calendar';
import { expectAccessible } from './axe';
import { paired } from './checkin-helpers';
import { writeEntry } from './journal-helpers';
import { closeDevices, waitForSaved } from './peers';

/**
 * Every screen of a paired device with an agreed contract, at 360 and 1280 px, light and dark:
 * axe finds nothing and nothing is wider than the screen. Two browser processes, paired through
 * our signaling server, as a couple would use Kept.
 */
test('every route of a paired device with an agreed contract is accessible every way', async () => {
	test.setTimeout(900_000);
	const { a, b } = await paired('/');
	try {
		const page = a.page;
		// Something in each place: a journal entry, and the version both signed.
		const entry = await writeEntry(page, 'A calm evening. We talked.');
		await waitForSaved(page);
		await page.goto('/contract/history');
		const version = await page
			.getByRole('link', { name: /^Version/ })
			.first()
			.getAttribute('href');
		expect(version).toMatch(/^\/contract\/versions\//);

		const routes = [
			'/',
			'/contract',
			'/contract/history',
			version as string,
			'/contract/print',
			'/tracker',
			'/tracker/history',
			'/tracker/wall',
			'/checkin',
			'/checkin/schedule',
			'/checkin/history',
			'/checkin/propose',
			`/checkin/${weekStart(toDay(Date.now()))}`,
			'/journal',
			entry,
			'/journal/shared',
			'/setbacks',
			'/setbacks/new',
			'/arc',
			'/arc/look-back',
			'/arc/summary',
			'/arc/summary/print',
			'/more',
			'/settings',
			'/invite',
			'/join',
			'/restore'
		];
		for (const route of routes) {
			await page.goto(route);
			const name = route === '/' ? 'home' : route.slice(1).replace(/[^a-z0-9-]+/gi, '-');
			await expectAccessible(page, `route-${name}`, async () => {
				await expect(page.locator('main h1').first(), `${route} has its heading`).toBeVisible();
			});
		}
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
