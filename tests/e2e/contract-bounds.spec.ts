import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { roots } from '../../src/lib/schema';
import { closeDevices, createSpace, launchDevice, waitForSaved, type Device } from './peers';
import { addSavedUpdate, readSavedSpace } from './storage';

const shots = process.env.SCREENSHOTS;
const HUGE = 'We will talk. '.repeat(15_000); // ~200 KB, pasted by mistake

/**
 * A 200 KB paste never becomes a heading: the title field refuses it whole, and a long text that
 * arrives anyway (written on another device) shows a short heading with the rest folded behind
 * "Show more". The greyed examples read as examples.
 */
test('headings stay short, long text folds, and examples are clearly examples', async () => {
	let a: Device | undefined;
	try {
		a = await launchDevice('A', { viewport: { width: 1280, height: 900 } });
		await createSpace(a.page, 'Alex');
		await a.page.goto('/contract');
		const main = a.page.locator('main');

		// An empty field shows its example as one: labelled, and in italics.
		const title = main.getByRole('textbox', { name: 'Title', exact: true });
		const example = main.locator('.cm-placeholder').first();
		await expect(example).toHaveText('For example: Our agreement');
		await expect(example).toHaveCSS('font-style', 'italic');
		await expect(main.locator('.cm-placeholder').nth(1)).toHaveText(
			'For example: So we can both feel safe again, and see it.'
		);

		// 200 KB pasted into the title: refused whole, with a calm word; the field stays as it was.
		await title.click();
		await title.evaluate((el, text) => {
			const data = new DataTransfer();
			data.setData('text/plain', text);
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
		}, HUGE);
		await expect(main.getByText(/Nothing was changed/)).toContainText(
			'keeps a short heading of up to 200'
		);
		// Still empty: only its example shows.
		await expect(title).toHaveText('For example: Our agreement');
		await title.pressSequentially('Our agreement');
		await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Our agreement');

		// A clause whose words arrived from elsewhere far past any limit (an old device, a partner's
		// own tools): a short heading, the rest folded, and the page stays an ordinary length.
		await waitForSaved(a.page);
		const saved = new Y.Doc();
		Y.applyUpdate(saved, await readSavedSpace(a.page));
		const before = Y.encodeStateVector(saved);
		saved.transact(() => {
			const clause = new Y.Map<unknown>();
			roots.clauses(saved).set('long-clause', clause);
			clause.set('id', 'long-clause');
			clause.set('kind', 'behaviour');
			clause.set('owner', 'both');
			clause.set('order', 1);
			clause.set('createdAt', Date.now());
			clause.set('createdBy', 'someone');
			clause.set('updatedAt', Date.now());
			for (const field of [
				'commitment',
				'action',
				'examples',
				'consequence',
				'backup',
				'touchBase'
			])
				clause.set(field, new Y.Text(field === 'commitment' || field === 'action' ? HUGE : ''));
		});
		await addSavedUpdate(a.page, Y.encodeStateAsUpdate(saved, before));
		await a.page.reload();
		const heading = main.getByRole('heading', { level: 3, name: /^We will talk/ });
		await expect(heading).toBeVisible();
		expect((await heading.textContent())?.trim().length).toBeLessThanOrEqual(121);
		await expect(heading).toHaveText(/…$/);
		const card = main
			.getByRole('listitem')
			.filter({ has: a.page.getByRole('heading', { level: 3, name: /^We will talk/ }) });
		await expect(card.getByText('Commitment in full')).toBeVisible();
		const more = card.getByRole('button', { name: 'Show more of “Commitment”' });
		await expect(more).toHaveAttribute('aria-expanded', 'false');
		const height = await a.page.evaluate(() => document.documentElement.scrollHeight);
		expect(height, 'the contract page keeps an ordinary length').toBeLessThan(5_000);
		if (shots) {
			for (const scheme of ['light', 'dark'] as const) {
				await a.page.emulateMedia({ colorScheme: scheme });
				for (const width of [360, 1280]) {
					await a.page.setViewportSize({ width, height: 900 });
					await a.page.screenshot({
						path: `${shots}/contract-bounds-${width}-${scheme}.png`,
						fullPage: true
					});
				}
			}
			await a.page.setViewportSize({ width: 1280, height: 900 });
			await a.page.emulateMedia({ colorScheme: 'light' });
		}
		const { violations } = await new AxeBuilder({ page: a.page }).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
			[]
		);

		// Show more opens the whole text, and Show less folds it again.
		await more.click();
		await expect(card.getByRole('button', { name: 'Show less of “Commitment”' })).toHaveAttribute(
			'aria-expanded',
			'true'
		);
		await expect(card.getByText(HUGE.trim(), { exact: false }).first()).toBeVisible();
		await card.getByRole('button', { name: 'Show less of “Commitment”' }).click();
		await expect(card.getByRole('button', { name: 'Show more of “Commitment”' })).toBeVisible();
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});
