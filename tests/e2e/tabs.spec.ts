/**
 * Two tabs of one browser on one device, with the network off: whatever one tab writes shows
 * in the other, live, without reloading — whether the other tab was already open or opens
 * afterwards — and an open tab catches up on anything a newly opened tab has that it lacks.
 */
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { activePartners } from '../../src/lib/partners/partners';
import { addMoment } from '../../src/lib/tracker/moments';
import {
	closeDevices,
	createSpace,
	launchDevice,
	offlineReady,
	waitForSaved,
	type Device
} from './peers';
import { addSavedUpdate, readSavedSpace } from './storage';

/** Opens another tab of the device's browser at `path`, its console errors noted too. */
async function openTab(device: Device, path: string): Promise<Page> {
	const page = await device.context.newPage();
	page.on('console', (msg) => {
		if (msg.type() === 'error') device.consoleErrors.push(`second tab: ${msg.text()}`);
	});
	page.on('pageerror', (err) => device.consoleErrors.push(`second tab: ${String(err)}`));
	await page.goto(path);
	return page;
}

/**
 * What the page itself reported as errors. Chromium's own note that the signaling connection
 * could not be made is expected here: the network is off.
 */
function appErrors(device: Device): string[] {
	return device.consoleErrors.filter(
		// With the network off, what reaches for the server fails as it should (signaling, ICE list).
		(e) =>
			!/WebSocket connection to .* failed: .*ERR_INTERNET_DISCONNECTED/.test(e) &&
			!/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(e)
	);
}

/** Creates a space, makes the app ready to open without a network, then cuts the network. */
async function spaceWithNetworkOff(device: Device): Promise<void> {
	await createSpace(device.page, 'Alex');
	await offlineReady(device.page);
	await waitForSaved(device.page);
	await device.context.setOffline(true);
	// Reopened with no network: the app comes from the service worker, the data from storage.
	await device.page.goto('/tracker/wall');
	await expect(device.page.getByRole('heading', { name: 'Wall of wins' })).toBeVisible();
}

/** Identifies the document a tab shows: it changes only when the tab (re)loads. */
function documentOf(page: Page): Promise<number> {
	return page.evaluate(() => performance.timeOrigin);
}

/** Goes to a place the way a person does, by the app's own links: the tab does not reload. */
async function goTo(page: Page, place: 'Home' | 'Settings' | 'Wall of wins'): Promise<void> {
	const sections = page.getByRole('navigation', { name: 'Sections' });
	if (place === 'Home') {
		await sections.getByRole('link', { name: 'Home' }).click();
		await expect(page.getByRole('heading', { name: /^Hello/ })).toBeVisible();
	} else if (place === 'Settings') {
		await sections.getByRole('link', { name: 'More' }).click();
		await page.getByRole('main').getByRole('link', { name: 'Settings' }).click();
		await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	} else {
		await sections.getByRole('link', { name: 'Tracker' }).click();
		await page
			.getByRole('navigation', { name: 'Tracker' })
			.getByRole('link', { name: 'Wall of wins' })
			.click();
		await expect(page.getByRole('heading', { name: 'Wall of wins' })).toBeVisible();
	}
}

/** Posts a small win on the wall of wins (the tab is on that page). */
async function postWin(page: Page, text: string): Promise<void> {
	await page.getByLabel('A small win worth remembering').fill(text);
	await page.getByRole('button', { name: 'Post to the wall' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Posted.' })).toBeVisible();
}

/** Changes "My name" in Settings (the tab is on that page). */
async function rename(page: Page, name: string): Promise<void> {
	await page.getByLabel('My name').fill(name);
	await page.getByRole('button', { name: 'Save name' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

/** Wins on the wall, newest first, as the tab shows them. */
function wins(page: Page) {
	return page.getByRole('article', { name: /^A win, from you/ });
}

test('two open tabs show each other’s changes live, with the network off', async () => {
	const device = await launchDevice('Alex’s laptop');
	try {
		await spaceWithNetworkOff(device);
		const first = device.page;
		const second = await openTab(device, '/tracker/wall');
		await expect(second.getByText('Nothing here yet.')).toBeVisible();
		for (const tab of [first, second]) {
			expect(await tab.evaluate(() => navigator.onLine)).toBe(false);
		}
		const firstDoc = await documentOf(first);
		const secondDoc = await documentOf(second);

		// A win posted in the first tab appears in the second, and the other way round.
		await postWin(first, 'We cooked dinner together on a weeknight.');
		await expect(second.getByText('We cooked dinner together on a weeknight.')).toBeVisible();
		await postWin(second, 'A whole evening with our phones in the drawer.');
		await expect(first.getByText('A whole evening with our phones in the drawer.')).toBeVisible();
		for (const tab of [first, second]) await expect(wins(tab)).toHaveCount(2);

		// A new name saved in one tab greets the person in the other, and back.
		await goTo(second, 'Home');
		await expect(second.getByRole('heading', { name: 'Hello, Alex', exact: true })).toBeVisible();
		await goTo(first, 'Settings');
		await rename(first, 'Alexandra');
		await expect(second.getByRole('heading', { name: 'Hello, Alexandra' })).toBeVisible();
		await goTo(first, 'Home');
		await goTo(second, 'Settings');
		await expect(second.getByLabel('My name')).toHaveValue('Alexandra');
		await rename(second, 'Alex');
		await expect(first.getByRole('heading', { name: 'Hello, Alex', exact: true })).toBeVisible();

		// Neither tab reloaded: every change arrived while it was open.
		expect(await documentOf(first)).toBe(firstDoc);
		expect(await documentOf(second)).toBe(secondDoc);
		expect(appErrors(device)).toEqual([]);
	} finally {
		await closeDevices(device);
	}
});

test('a tab opened later shows what was written meanwhile, and its change reaches the open tab at once', async () => {
	const device = await launchDevice('Alex’s laptop');
	try {
		await spaceWithNetworkOff(device);
		const first = device.page;
		const firstDoc = await documentOf(first);
		const early = await openTab(device, '/tracker/wall');
		await expect(early.getByText('Nothing here yet.')).toBeVisible();
		await early.close();

		// Written while no second tab is open.
		await postWin(first, 'Said sorry first, and meant it.');
		await goTo(first, 'Settings');
		await rename(first, 'Alexandra');
		await goTo(first, 'Wall of wins');
		await waitForSaved(first);

		// The tab opened now shows it; what it writes straight away shows in the first tab.
		const second = await openTab(device, '/tracker/wall');
		await expect(second.getByText('Said sorry first, and meant it.')).toBeVisible();
		await postWin(second, 'Planned the weekend without a single argument.');
		await expect(first.getByText('Planned the weekend without a single argument.')).toBeVisible();
		for (const tab of [first, second]) await expect(wins(tab)).toHaveCount(2);
		await goTo(second, 'Home');
		await expect(second.getByRole('heading', { name: 'Hello, Alexandra' })).toBeVisible();

		expect(await documentOf(first)).toBe(firstDoc);
		expect(appErrors(device)).toEqual([]);
	} finally {
		await closeDevices(device);
	}
});

test('an open tab catches up on what a newly opened tab brings from storage', async () => {
	const device = await launchDevice('Alex’s laptop');
	try {
		await spaceWithNetworkOff(device);
		const first = device.page;
		const firstDoc = await documentOf(first);

		// A win saved on this device that the open tab never heard of, as when another tab
		// saved it and was closed again before it could tell the others.
		await waitForSaved(first);
		const saved = new Y.Doc();
		Y.applyUpdate(saved, await readSavedSpace(first));
		const before = Y.encodeStateVector(saved);
		const [me] = activePartners(saved);
		const text = 'Remembered the dentist appointment without a reminder.';
		expect(addMoment(saved, { kind: 'win', by: me.id, text }).ok).toBe(true);
		await addSavedUpdate(first, Y.encodeStateAsUpdate(saved, before));
		await expect(wins(first)).toHaveCount(0);

		// A tab opened now loads it from storage, and the open tab gets it from that tab.
		const second = await openTab(device, '/tracker/wall');
		await expect(second.getByText(text)).toBeVisible();
		await expect(first.getByText(text)).toBeVisible();

		expect(await documentOf(first)).toBe(firstDoc);
		expect(appErrors(device)).toEqual([]);
	} finally {
		await closeDevices(device);
	}
});
