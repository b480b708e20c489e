import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeDevices, createSpace, launchDevice, waitForSaved, type Device } from './peers';
import { agreedContract } from './seed-contract';
import { addSavedUpdate, readSavedSpace } from './storage';

/** The box is at least 24×24 px, and tapping the label's words (not the box) ticks it. */
async function expectEasyToTap(page: Page, name: string): Promise<void> {
	const box = page.getByRole('checkbox', { name });
	await box.scrollIntoViewIfNeeded();
	const size = await box.boundingBox();
	expect(size?.width, `${name}: box width`).toBeGreaterThanOrEqual(24);
	expect(size?.height, `${name}: box height`).toBeGreaterThanOrEqual(24);
	const before = await box.isChecked();
	// The words themselves, well clear of the box: Playwright clicks their middle.
	const words = page.locator('label', { has: box }).getByText(name, { exact: false }).first();
	const w = await words.boundingBox();
	expect((w?.x ?? 0) + (w?.width ?? 0) / 2).toBeGreaterThan((size?.x ?? 0) + (size?.width ?? 0));
	await words.click();
	await expect(box).toBeChecked({ checked: !before });
	await words.click();
	await expect(box).toBeChecked({ checked: before });
}

/** axe's target-size and label rules hold for each checkbox on the page, each seen mid-screen. */
async function noTargetSizeProblems(page: Page): Promise<void> {
	const boxes = page.getByRole('checkbox');
	const count = await boxes.count();
	expect(count).toBeGreaterThan(0);
	for (let i = 0; i < count; i++) {
		// Mid-screen, as a person taps it: the fixed bottom bar covers whatever scrolls under it.
		await boxes.nth(i).evaluate((el) => el.scrollIntoView({ block: 'center' }));
		const selector = await boxes.nth(i).evaluate((el) => {
			el.setAttribute('data-axe-check', '');
			return '[data-axe-check]';
		});
		const { violations } = await new AxeBuilder({ page })
			.include(selector)
			.withRules(['target-size', 'label'])
			.analyze();
		await boxes.nth(i).evaluate((el) => el.removeAttribute('data-axe-check'));
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
			[]
		);
	}
}

test('every checkbox is easy to tap at 360 px: a 24 px box, and the whole label', async () => {
	let a: Device | undefined;
	try {
		a = await launchDevice('A', { viewport: { width: 360, height: 780 } });
		await createSpace(a.page, 'Alex');
		await waitForSaved(a.page);
		const seeded = agreedContract(
			await readSavedSpace(a.page),
			[
				{
					kind: 'behaviour',
					owner: 'a',
					commitment:
						'Call at 8 pm when away, even when the day has been long and the train is late',
					timeline: { kind: 'daily' }
				}
			],
			Date.now() - 20 * 86_400_000,
			{ addPartner: { id: 'sam-partner-id', name: 'Sam' } }
		);
		await addSavedUpdate(a.page, seeded.update);

		await a.page.goto('/arc/summary');
		await expectEasyToTap(a.page, 'Scores and follow-through, week by week');
		await noTargetSizeProblems(a.page);

		await a.page.goto('/setbacks/new');
		await expectEasyToTap(a.page, 'Call at 8 pm when away');
		await noTargetSizeProblems(a.page);

		await a.page.goto('/settings');
		await a.page.getByText('Connection settings', { exact: true }).click();
		await expectEasyToTap(a.page, 'Connect only through the TURN server');
		await expectEasyToTap(a.page, 'Show the passphrase');
		await noTargetSizeProblems(a.page);
	} finally {
		await closeDevices(a);
	}
});
