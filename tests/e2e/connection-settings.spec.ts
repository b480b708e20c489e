import { expect, test, type Page } from '@playwright/test';
import { createApp, type App } from '../../server/app';
import { roomAccess } from '../../src/lib/sync/room-token';
import { deviceKeys } from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

/**
 * Saving connection settings leaves exactly one connection, to the new server, and the partner
 * finds this device as quickly as after a reload. Two browser processes on a server this test
 * runs itself, so it can count who is in each room. "Another server" is the same one under
 * another address (the page's policy admits only its own host), which is exactly what made the
 * page sit in the room twice.
 */
async function saveSignalingServer(page: Page, url: string): Promise<void> {
	await page.goto('/settings');
	await page.getByText('Connection settings', { exact: true }).click();
	await page.getByLabel('Signaling server').fill(url);
	await page.getByRole('button', { name: 'Save connection settings' }).click();
	await expect(page.getByText('Saved. Reconnecting with these settings.')).toBeVisible();
}

let app: App | undefined;
let a: Device | undefined;
let b: Device | undefined;

test.afterEach(async () => {
	await closeDevices(a, b);
	await app?.close();
	a = b = app = undefined;
});

async function start(): Promise<string> {
	app = createApp({ root: 'build', port: 0, host: '127.0.0.1' });
	// localhost, not 127.0.0.1: both are secure contexts, and the app's origin check expects it.
	const origin = (await app.listen()).replace('127.0.0.1', 'localhost');
	[a, b] = await Promise.all(['A', 'B'].map((name) => launchDevice(name, { baseURL: origin })));
	return origin;
}

test('after Alex saves another signaling server and stays on Settings, Sam pairs at once', async () => {
	const origin = await start();
	if (!a || !b || !app) throw new Error('devices not started');
	const link = await createSpace(a.page, 'Alex');
	const other = `${origin.replace('http', 'ws')}/signal?server=second`;
	await saveSignalingServer(a.page, other);
	await expect(a.page.getByLabel('Signaling server')).toHaveValue(other);

	const alex = await deviceKeys(a.page);
	const shared = roomAccess(alex.key).topic;
	const journal = roomAccess(alex.journal.key).topic;
	// Alex's page is in each of its rooms once: the old connection is gone, and one new one.
	await expect.poll(() => app?.signal.subscribers(shared)).toBe(1);
	await expect.poll(() => app?.signal.subscribers(journal)).toBe(1);
	await expect.poll(() => app?.signal.stats().connections).toBe(1);

	await joinFromLink(b.page, link, 'Sam');
	// Alex still on Settings: both see each other within a few seconds.
	await expectConnected(b.page, 'Alex', { timeout: 5_000 });
	await expectConnected(a.page, 'Sam', { timeout: 5_000 });
	await expect(a.page.getByTestId('peer-count')).toHaveText('1');
	await expect(a.page).toHaveURL(/\/settings$/);
	expect(app.signal.subscribers(shared)).toBe(2);
	expect(a.consoleErrors).toEqual([]);
});

test('after Sam changes their own server while paired, Alex finds Sam again at once', async () => {
	const origin = await start();
	if (!a || !b || !app) throw new Error('devices not started');
	const link = await createSpace(a.page, 'Alex');
	await joinFromLink(b.page, link, 'Sam');
	await expectConnected(a.page, 'Sam');
	await expectConnected(b.page, 'Alex');

	await saveSignalingServer(b.page, `${origin.replace('http', 'ws')}/signal?server=second`);
	await expectConnected(b.page, 'Alex', { timeout: 5_000 });
	await expectConnected(a.page, 'Sam', { timeout: 5_000 });
	const shared = roomAccess((await deviceKeys(a.page)).key).topic;
	// One place each in the shared room: Alex's page and Sam's, nothing left of Sam's old one.
	await expect.poll(() => app?.signal.subscribers(shared)).toBe(2);
	expect(app.signal.stats().connections).toBe(2);

	// And back to the server it came with: still one connection, still paired.
	await saveSignalingServer(b.page, '');
	await expectConnected(b.page, 'Alex', { timeout: 5_000 });
	await expect.poll(() => app?.signal.stats().connections).toBe(2);
	expect(app.signal.subscribers(shared)).toBe(2);
});
