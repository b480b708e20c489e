import { expect, test } from '@playwright/test';
import { closeDevices, createSpace, launchDevice, waitForSaved, type Device } from './peers';
import { agreedContract } from './seed-contract';
import { addSavedUpdate, readSavedSpace } from './storage';

const shots = process.env.SCREENSHOTS;

/**
 * Day one, every commitment kept: the arc says what is true and encouraging (a day kept, full
 * follow-through) and when the score will mean something — never "3%". On a desktop, the side
 * navigation's column reaches the bottom of the page however long it is.
 */
test('on day one the arc shows the day kept and follow-through, and says when the score will mean something', async () => {
	let a: Device | undefined;
	try {
		a = await launchDevice('A', { viewport: { width: 1280, height: 600 } });
		await createSpace(a.page, 'Alex');
		await waitForSaved(a.page);
		const seeded = agreedContract(
			await readSavedSpace(a.page),
			[
				{ kind: 'behaviour', owner: 'a', commitment: 'Call at 8 pm', timeline: { kind: 'daily' } },
				{
					kind: 'behaviour',
					owner: 'a',
					commitment: 'Reply within an hour',
					timeline: { kind: 'daily' }
				}
			],
			Date.now() - 60_000,
			{ addPartner: { id: 'sam-partner-id', name: 'Sam' } }
		);
		await addSavedUpdate(a.page, seeded.update);
		await a.page.goto('/');
		const mine = a.page.getByRole('region', { name: 'Your commitments today' });
		for (const name of ['Call at 8 pm', 'Reply within an hour']) {
			const item = mine.getByRole('article', { name });
			await item.getByRole('button', { name: 'Kept', exact: true }).click();
			await expect(item.getByText('You: Kept')).toBeVisible();
		}

		await a.page.getByRole('link', { name: 'Our arc' }).first().click();
		const early = a.page.getByRole('region', { name: 'Your first day' });
		await expect(early).toContainText('one day with a commitment kept');
		await expect(early).toContainText('100% follow-through so far');
		await expect(early).toContainText(
			/it will mean something from \d+ \w+ \d{4}|from \w+ \d+, \d{4}/
		);
		const timeline = a.page.getByTestId('arc-timeline');
		await expect(timeline).toBeVisible();
		// No young score read as a verdict, in words or in the table.
		const main = a.page.locator('main');
		await expect(main).not.toContainText('went from');
		await expect(main).toContainText('the reliability score is still gathering days');
		await expect(main.getByText(/^[1-9]%$/)).toHaveCount(0);

		// The side column runs to the bottom of the page, scrolled all the way down.
		await a.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const reach = await a.page.evaluate(() => {
			const column = document.querySelector('nav[aria-label="Sections"]')?.parentElement;
			const main = document.querySelector('main');
			return {
				column: column?.getBoundingClientRect().bottom ?? 0,
				main: main?.getBoundingClientRect().bottom ?? 1,
				page: document.documentElement.scrollHeight > window.innerHeight
			};
		});
		expect(reach.page, 'the page is longer than the window').toBe(true);
		expect(reach.column).toBeGreaterThanOrEqual(reach.main);
		await expect(a.page.getByRole('navigation', { name: 'Sections' })).toBeInViewport();
		if (shots) {
			for (const scheme of ['light', 'dark'] as const) {
				await a.page.emulateMedia({ colorScheme: scheme });
				for (const width of [360, 1280]) {
					await a.page.setViewportSize({ width, height: 800 });
					await a.page.screenshot({
						path: `${shots}/arc-early-${width}-${scheme}.png`,
						fullPage: true
					});
				}
			}
		}
	} finally {
		await closeDevices(a);
	}
});
