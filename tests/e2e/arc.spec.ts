import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { generateFiveYears } from '../../scripts/bench/five-years';
import { listVersions } from '../../src/lib/contract/versions';
import { listSetbacks } from '../../src/lib/setbacks';
import { fold, readArc } from '../../src/lib/arc';
import { dayNumber, weekStart } from '../../src/lib/core/calendar';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved
} from './peers';
import { addSavedUpdate, readSavedSpace } from './storage';

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

/** The partner id this device writes as (from its own device settings). */
async function myId(page: Page): Promise<string> {
	return page.evaluate(() => JSON.parse(localStorage.getItem('kept.device.v1') ?? '{}').space.me);
}

/** Writes generated days on top of the device's saved space (partner ids matching the device's). */
async function seed(
	page: Page,
	options: Parameters<typeof generateFiveYears>[0] = {}
): Promise<ReturnType<typeof generateFiveYears>> {
	await waitForSaved(page);
	const base = await readSavedSpace(page);
	const space = generateFiveYears({ ...options, base });
	await addSavedUpdate(
		page,
		Y.encodeStateAsUpdate(space.shared, Y.encodeStateVectorFromUpdate(base))
	);
	return space;
}

/** ms from navigation until the timeline's lines are drawn. */
async function timeToTimeline(page: Page): Promise<number> {
	await page.goto('/arc');
	await page.waitForFunction(
		() => !!document.querySelector('[data-testid="arc-timeline"] svg path.line[d^="M"]'),
		undefined,
		{ polling: 'raf', timeout: 60_000 }
	);
	return page.evaluate(() => performance.now());
}

/** No axe violations, light and dark, at the viewport given. */
async function expectAccessible(page: Page, what: string): Promise<void> {
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		await page.waitForFunction(() =>
			document.getAnimations().every((a) => a.playState !== 'running')
		);
		const { violations } = await new AxeBuilder({ page }).analyze();
		expect(
			violations.map((v) => `${what} (${colorScheme}): ${v.id} ${v.nodes.map((n) => n.target)}`)
		).toEqual([]);
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

test('five years on one timeline: zoom, pan, and markers that open what they mark', async () => {
	test.setTimeout(240_000);
	const a = await launchDevice('A', { viewport: WIDE });
	try {
		await createSpace(a.page, 'Alex');
		const me = await myId(a.page);
		const five = await seed(a.page, {
			seed: 3,
			partners: { a: { id: me, name: 'Alex' }, b: { id: 'sam-generated', name: 'Sam' } }
		});
		const partners = [me, 'sam-generated'];

		// Render time with the five-year space: median of several loads.
		const samples: number[] = [];
		for (let i = 0; i < 5; i++) samples.push(await timeToTimeline(a.page));
		samples.sort((x, y) => x - y);
		console.log(
			`Timeline with five years (${(Y.encodeStateAsUpdate(five.shared).length / 1048576).toFixed(1)} MiB): median ${Math.round(samples[2])} ms from navigation (${samples.map(Math.round).join(', ')})`
		);

		const page = a.page;
		await expect(page.getByRole('heading', { name: 'Our arc', level: 1 })).toBeVisible();
		const far = page.getByRole('region', { name: 'How far we’ve come' });
		await expect(far.getByText(/weeks on this road since the week of/)).toBeVisible();
		await expect(far.getByRole('heading', { name: 'The same time last year' })).toBeVisible();
		await expect(far.getByText(/^Alex’s felt safety: /).first()).toBeVisible();
		await expect(far.getByText(/^Sam’s felt safety: /).first()).toBeVisible();
		await expect(page.getByRole('img', { name: /^Our arc, / })).toBeVisible();
		await expect(page.getByText(/^From .*: the overall reliability score went from/)).toBeVisible();

		// Zoom out to years: one row per year in the table, five years back to this one.
		await page.getByRole('radio', { name: 'Years' }).check();
		await page.getByText('Show as a table').click();
		const table = page.getByRole('table', { name: /^Our arc, / });
		await expect(table.getByRole('row')).toHaveCount(1 + 6);
		await expect(table.getByRole('rowheader', { name: five.from.slice(0, 4) })).toBeVisible();

		// Months again; the chart pans with the keyboard, and End comes back to now.
		await page.getByRole('radio', { name: 'Months' }).check();
		const range = page.locator('.range');
		const latest = await range.textContent();
		const chart = page.getByTestId('arc-timeline');
		await chart.focus();
		await chart.press('ArrowLeft');
		await chart.press('ArrowLeft');
		await expect(range).not.toHaveText(latest ?? '');
		await chart.press('End');
		await expect(range).toHaveText(latest ?? '');
		await page.getByRole('button', { name: '← Earlier' }).click();
		await expect(range).not.toHaveText(latest ?? '');
		await page.getByRole('button', { name: 'Later →' }).click();
		await expect(range).toHaveText(latest ?? '');

		// The latest agreed version's marker opens that version.
		const agreed = listVersions(five.shared, partners).filter((v) => v.signatures.length === 2);
		const last = agreed[agreed.length - 1];
		await page
			.getByRole('list', { name: 'Contract versions agreed' })
			.getByRole('link', { name: new RegExp(`^Version ${last.label}, agreed `) })
			.click();
		await expect(page).toHaveURL(`/contract/versions/${last.version.id}`);
		await expect(
			page.getByRole('heading', { name: `Version ${last.label}`, level: 1 })
		).toBeVisible();

		// A setback with no other within two weeks, found by panning the weeks with the keyboard,
		// opens that setback.
		const setbacks = listSetbacks(five.shared, partners);
		const alone = setbacks.find((s) =>
			setbacks.every((o) => o === s || Math.abs(dayNumber(o.day) - dayNumber(s.day)) > 14)
		);
		expect(alone, 'a setback on its own').toBeDefined();
		const weeks = fold(readArc(five.shared).rows, 'weeks');
		const back = weeks.length - 1 - weeks.findIndex((w) => w.key === weekStart(alone!.day));
		await page.goto('/arc');
		await page.getByRole('radio', { name: 'Weeks' }).check();
		await chart.focus();
		for (let i = 0; i < Math.floor((back - 3) / 26); i++) await chart.press('PageUp');
		for (let i = 0; i < (back - 3) % 26; i++) await chart.press('ArrowLeft');
		await page
			.getByRole('list', { name: 'Setbacks' })
			.getByRole('link', { name: /^Setback on / })
			.and(page.locator(`[href="/setbacks/${alone!.id}"]`))
			.click();
		await expect(page).toHaveURL(`/setbacks/${alone!.id}`);
		await expect(page.getByText(alone!.whatHappened)).toBeVisible();

		// The look-back: the invitation for last month, a reflection written, on the timeline.
		await page.goto('/arc/look-back');
		await expect(
			page.getByText(/has ended\. Take a moment to look back on it together\./)
		).toBeVisible();
		await page
			.getByRole('textbox', { name: 'Your reflection' })
			.fill('We argue less, and we say sorry sooner.');
		await page.getByRole('button', { name: 'Keep this reflection' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Kept.' })).toBeVisible();
		await expect(page.getByText('We argue less, and we say sorry sooner.')).toBeVisible();
		await expectAccessible(page, 'look-back, 1280');

		await page.goto('/arc');
		await expect(
			page
				.getByRole('list', { name: 'Reflections' })
				.getByRole('link', { name: /We argue less, and we say sorry sooner\.$/ })
		).toBeVisible();
		await page.getByText('Show as a table').click();
		await expect(page.getByRole('table', { name: /^Our arc, / })).toBeVisible();
		await expectAccessible(page, 'arc, 1280');
		await page.setViewportSize(PHONE);
		await expect(page.getByRole('img', { name: /^Our arc, / })).toBeVisible();
		await expectAccessible(page, 'arc, 360');
		await page.goto('/arc/look-back');
		await expectAccessible(page, 'look-back, 360');
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});

test('the counsellor summary prints only after both approve, each on their own device', async () => {
	test.setTimeout(180_000);
	const a = await launchDevice('A', { viewport: WIDE });
	const b = await launchDevice('B', { viewport: PHONE });
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expectConnected(a.page, 'Sam');

		// Four months of days, both partners' ids as the devices know them, saved on both.
		const [meA, meB] = [await myId(a.page), await myId(b.page)];
		await waitForSaved(a.page);
		const base = await readSavedSpace(a.page);
		const months = generateFiveYears({
			seed: 5,
			days: 120,
			setbacks: 4,
			base,
			partners: { a: { id: meA, name: 'Alex' }, b: { id: meB, name: 'Sam' } }
		});
		const update = Y.encodeStateAsUpdate(months.shared, Y.encodeStateVectorFromUpdate(base));
		for (const d of [a, b]) {
			await waitForSaved(d.page);
			await addSavedUpdate(d.page, update);
		}

		// Alex prepares it and approves; nothing is printable yet, on either device.
		await a.page.goto('/arc/summary');
		await b.page.goto('/arc/summary');
		await expectConnected(a.page, 'Sam');
		await a.page.getByRole('button', { name: 'Prepare summary' }).click();
		await expect(a.page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'Our agreed contract' })).toBeVisible();
		await expect(a.page.getByRole('link', { name: 'Open the printable summary' })).toHaveCount(0);
		await a.page.getByRole('button', { name: 'I approve these contents' }).click();
		await expect(a.page.getByText('You approved. Waiting for Sam')).toBeVisible();

		await expect(b.page.getByText('Alex approved these contents.')).toBeVisible();
		await expect(b.page.getByRole('link', { name: 'Open the printable summary' })).toHaveCount(0);
		await expectAccessible(b.page, 'summary review, 360');
		await b.page.goto('/arc/summary/print');
		await expect(b.page.getByRole('heading', { name: 'Not ready to print' })).toBeVisible();
		await expect(b.page.getByRole('heading', { name: 'A summary for our counsellor' })).toHaveCount(
			0
		);

		// Sam approves on their own device: now both can print it.
		await b.page.getByRole('link', { name: 'See where it stands' }).click();
		await b.page.getByRole('button', { name: 'I approve these contents' }).click();
		await expect(b.page.getByRole('heading', { name: 'Approved by both of you' })).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'Approved by both of you' })).toBeVisible();
		await a.page.getByRole('link', { name: 'Open the printable summary' }).click();
		await expect(
			a.page.getByRole('heading', { name: 'A summary for our counsellor', level: 1 })
		).toBeVisible();
		await expect(a.page.getByRole('button', { name: 'Print' })).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'Felt safety, each of us' })).toBeVisible();
		await expectAccessible(a.page, 'summary print, 1280');
		await a.page.emulateMedia({ media: 'print' });
		await expect(a.page.getByRole('button', { name: 'Print' })).toBeHidden();
		await a.page.emulateMedia({ media: 'screen' });

		// Sam narrows the selection: both approvals are reset, and printing waits again.
		await b.page.getByRole('button', { name: 'Change the selection' }).click();
		await b.page.getByLabel('Felt safety, each of us').uncheck();
		await b.page.getByRole('button', { name: 'Change the selection' }).click();
		await expect(b.page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'Not ready to print' })).toBeVisible();
		await a.page.getByRole('link', { name: 'See where it stands' }).click();
		await expect(
			a.page.getByText('The selection changed after you approved, so your approval was reset.')
		).toBeVisible();
		await expectAccessible(a.page, 'summary review, 1280');
		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
