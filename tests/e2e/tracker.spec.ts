import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { recordEntry } from '../../src/lib/tracker';
import { addDays, atTime } from '../../src/lib/core/calendar';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved,
	type Device
} from './peers';
import { agreedContract, type SeedClause } from './seed-contract';
import { addSavedUpdate, readSavedSpace } from './storage';

const DAY = 86_400_000;

const CLAUSES: SeedClause[] = [
	{
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Call at 8 pm when away',
		backup: 'Two lines by text before 9 pm',
		timeline: { kind: 'daily', byTime: '20:00' }
	},
	{
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Reply to messages within an hour',
		backup: 'A quick “busy, later” within the hour',
		timeline: { kind: 'daily' }
	},
	{
		kind: 'behaviour',
		owner: 'both',
		commitment: 'Do the evening dishes',
		backup: 'Clear the table',
		timeline: { kind: 'timesPerWeek', times: 3 }
	},
	{ kind: 'boundary', owner: 'a', commitment: 'Phone stays open on the table' },
	{
		kind: 'behaviour',
		owner: 'b',
		commitment: 'Say one thing I appreciated today',
		backup: 'A 💛 in the chat',
		timeline: { kind: 'daily' }
	}
];

/** Sets the device's clock (the test decides what "today" is, at 10:00) and creates Alex's space. */
async function createSpaceOn(a: Device, today: string): Promise<void> {
	await a.page.clock.setFixedTime(atTime(today, '10:00'));
	await createSpace(a.page, 'Alex');
	await waitForSaved(a.page);
}

/** No axe violations on the page as it is now, in light and in dark. */
async function expectAccessible(page: Page, what: string): Promise<void> {
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		// Judge what a person sees once the gentle entrance animations have settled.
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

test('Today, acknowledgement, a hard day, the wall and the charts between two devices', async () => {
	test.setTimeout(180_000);
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();

		// Before anything is agreed, Today says calmly where the commitments come from.
		await expect(
			a.page.getByText(
				'Once you both sign a version of your contract, its commitments appear here.'
			)
		).toBeVisible();
		await expect(a.page.getByRole('link', { name: 'Go to the contract' })).toHaveAttribute(
			'href',
			'/contract'
		);

		// Agree a contract (signed 20 days ago) in both devices' saved spaces, then reload.
		await waitForSaved(a.page);
		const seeded = agreedContract(await readSavedSpace(a.page), CLAUSES, Date.now() - 20 * DAY);
		for (const d of [a, b]) {
			await waitForSaved(d.page);
			await addSavedUpdate(d.page, seeded.update);
			await d.page.goto('/');
		}
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex');

		// A records "kept" with one tap.
		const mine = a.page.getByRole('region', { name: 'Your commitments today' });
		const call = mine.getByRole('article', { name: 'Call at 8 pm when away' });
		await call.getByRole('button', { name: 'Kept', exact: true }).click();
		await expect(call.getByText('You: Kept')).toBeVisible();

		// B sees it and notices it; never a confirm or deny.
		const theirs = b.page.getByRole('region', { name: 'Alex’s commitments today' });
		const seen = theirs.getByRole('article', { name: 'Call at 8 pm when away' });
		await expect(seen.getByText('Alex: Kept')).toBeVisible();
		await expect(seen.getByRole('button', { name: 'Let’s talk at check-in' })).toBeVisible();
		await seen.getByRole('button', { name: 'I noticed' }).click();
		await expect(seen.getByText('You noticed this')).toBeVisible();
		await seen.getByRole('button', { name: 'React with warmth' }).click();

		// A sees the acknowledgement and the reaction.
		await expect(call.getByText('Sam noticed')).toBeVisible();
		await expect(call.getByText('Sam reacted')).toBeVisible();

		// A hard day: Today leads with the backup versions and suggests a touch-base.
		await expect(a.page.getByText('Backup version for today')).toHaveCount(0);
		await a.page.getByRole('button', { name: 'Today is a hard day' }).click();
		await expect(a.page.getByRole('heading', { name: 'Today is a hard day' })).toBeVisible();
		await expect(a.page.getByText(/Suggested touch-base with Sam|rest comes first/)).toBeVisible();
		const reply = mine.getByRole('article', { name: 'Reply to messages within an hour' });
		await expect(reply.getByText('Backup version for today')).toBeVisible();
		await expect(reply.getByText('A quick “busy, later” within the hour')).toBeVisible();
		await reply.getByRole('button', { name: 'Kept the backup version' }).click();
		await expect(reply.getByText('You: Kept the backup version')).toBeVisible();
		await expect(b.page.getByText('Alex marked today as a hard day')).toBeVisible();

		// A win posted by B appears on A's wall.
		await b.page.getByRole('link', { name: 'Tracker' }).click();
		await b.page.getByRole('link', { name: 'Wall of wins' }).click();
		await b.page.getByRole('radio', { name: 'A win' }).check();
		await b.page
			.getByLabel('A small win worth remembering')
			.fill('We walked for twenty minutes after dinner.');
		await b.page.getByRole('button', { name: 'Post to the wall' }).click();
		await expect(b.page.getByRole('status').filter({ hasText: 'Posted.' })).toBeVisible();
		await a.page.goto('/tracker/wall');
		await expect(a.page.getByText('We walked for twenty minutes after dinner.')).toBeVisible();
		await expect(a.page.getByRole('article', { name: /^A win, from Sam/ })).toBeVisible();
		await expectAccessible(a.page, 'wall');

		// The backup used shows for review; the charts render with their table alternatives.
		await a.page.goto('/tracker');
		await expect(a.page.getByRole('heading', { name: 'Backup versions used' })).toBeVisible();
		await expect(a.page.getByText('a hard day', { exact: true })).toBeVisible();
		const trend = a.page.getByRole('img', { name: /Weekly follow-through/ });
		const heat = a.page.getByRole('img', { name: /Day by day/ });
		await expect(trend).toBeVisible();
		await expect(heat).toBeVisible();
		for (const summary of await a.page.getByText('Show as a table').all()) await summary.click();
		await expect(a.page.getByRole('table', { name: /Weekly follow-through/ })).toBeVisible();
		await expect(a.page.getByRole('table', { name: /Day by day/ })).toBeVisible();
		// Today: the call kept (1) and the reply's backup version (½) of two behaviours due.
		const heatTable = a.page.getByRole('table', { name: /Day by day/ });
		await expect(heatTable.getByRole('cell', { name: '75', exact: true })).toBeVisible();
		await a.page.getByLabel('Show the weekly trend for').selectOption({
			label: 'Call at 8 pm when away'
		});
		await expect(a.page.getByRole('img', { name: /Call at 8 pm when away/ })).toBeVisible();
		await expectAccessible(a.page, 'tracker');

		await a.page.goto('/tracker/history');
		await expect(a.page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
		await expectAccessible(a.page, 'history');
		await a.page.goto('/');
		await expect(call.getByText('Sam noticed')).toBeVisible();
		// The commitment kept on a hard day is celebrated once the browser is idle after Today.
		await expect(a.page.getByRole('region', { name: 'Something to celebrate' })).toBeVisible();
		await expectAccessible(a.page, 'Today');
		await expectAccessible(b.page, 'Today (partner)');

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('entries lock after seven days: a correction is added beside them, never an edit', async () => {
	const a = await launchDevice('A');
	try {
		const today = '2026-03-12';
		await createSpaceOn(a, today);
		const seeded = agreedContract(
			await readSavedSpace(a.page),
			CLAUSES,
			atTime(addDays(today, -30), '09:00'),
			{
				addPartner: { id: 'sam-partner-id', name: 'Sam' },
				more: (doc, { a: me, clauseIds: [callId] }) => {
					for (const [daysAgo, outcome] of [
						[8, 'kept'],
						[6, 'notToday']
					] as const) {
						const day = addDays(today, -daysAgo);
						recordEntry(
							doc,
							{ clauseId: callId, day, partnerId: me, outcome },
							atTime(day, '21:00')
						);
					}
				}
			}
		);
		await addSavedUpdate(a.page, seeded.update);
		await a.page.goto('/tracker/history');

		const eightDays = a.page.getByRole('region', { name: /Wednesday, March 4|4 March/ });
		const oldEntry = eightDays.getByRole('article', { name: 'Call at 8 pm when away' });
		await expect(oldEntry.getByText('You: Kept')).toBeVisible();
		await expect(oldEntry.getByRole('button', { name: 'Add a correction' })).toBeVisible();
		await expect(oldEntry.getByRole('button', { name: 'Change or add a note' })).toHaveCount(0);

		const sixDays = a.page.getByRole('region', { name: /Friday, March 6|6 March/ });
		const openEntry = sixDays.getByRole('article', { name: 'Call at 8 pm when away' });
		await expect(openEntry.getByRole('button', { name: 'Change or add a note' })).toBeVisible();
		await expect(openEntry.getByRole('button', { name: 'Add a correction' })).toHaveCount(0);

		// The correction shows beside the original, which stays as written.
		await oldEntry.getByRole('button', { name: 'Add a correction' }).click();
		await oldEntry.getByLabel('Your correction').fill('It was the short text, not the call.');
		await oldEntry.getByLabel('Counts as').selectOption({ label: 'Kept the backup version' });
		await oldEntry.getByRole('button', { name: 'Add the correction' }).click();
		await expect(oldEntry.getByText('It was the short text, not the call.')).toBeVisible();
		await expect(oldEntry.getByText('Now counts as: Kept the backup version')).toBeVisible();
		await expect(oldEntry.getByText('You: Kept')).toBeVisible();

		// Two days later the six-day-old entry has locked too.
		await waitForSaved(a.page);
		await a.page.clock.setFixedTime(atTime(addDays(today, 2), '10:00'));
		await a.page.reload();
		await expect(openEntry.getByRole('button', { name: 'Add a correction' })).toBeVisible();
		await expect(openEntry.getByRole('button', { name: 'Change or add a note' })).toHaveCount(0);
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});

test('a milestone reached this week is celebrated on Today, and stays put away once seen', async () => {
	const a = await launchDevice('A');
	try {
		const today = '2026-03-12';
		await createSpaceOn(a, today);
		const start = addDays(today, -10);
		const seeded = agreedContract(
			await readSavedSpace(a.page),
			[
				{
					kind: 'behaviour',
					owner: 'a',
					commitment: 'Text when I leave work',
					timeline: { kind: 'daily' }
				}
			],
			atTime(start, '08:00'),
			{
				addPartner: { id: 'sam-partner-id', name: 'Sam' },
				more: (doc, { a: me, clauseIds: [id] }) => {
					for (let day = start; day < today; day = addDays(day, 1))
						recordEntry(
							doc,
							{ clauseId: id, day, partnerId: me, outcome: 'kept' },
							atTime(day, '18:00')
						);
				}
			}
		);
		await addSavedUpdate(a.page, seeded.update);
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'Your commitments today' })).toBeVisible();

		// Every fresh milestone is shown once; the first full week is among them.
		const card = a.page.getByRole('region', { name: 'Something to celebrate' });
		const shown: string[] = [];
		await expect(card).toBeVisible();
		while ((await card.count()) > 0 && shown.length < 5) {
			shown.push(await card.locator('p').first().innerText());
			await card.getByRole('button', { name: 'Thanks, not now' }).click();
			await expect(card.getByText(shown[shown.length - 1], { exact: true })).toHaveCount(0);
		}
		expect(shown).toContain('A first week with every commitment kept.');
		await expect(card).toHaveCount(0);

		await a.page.reload();
		await expect(a.page.getByRole('heading', { name: 'Your commitments today' })).toBeVisible();
		// Milestones are read once the browser is idle after Today is painted: wait for an idle
		// callback queued after the app's own (they run in the order they were asked for).
		await a.page.evaluate(
			() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5_000 }))
		);
		await expect(card).toHaveCount(0);
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});
