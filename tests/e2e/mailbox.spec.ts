import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app';
import type { IceConfig } from '../../server/relay/ice';
import { openSqliteStore } from '../../server/relay/sqlite';
import { deriveRelayKeys } from '../../src/lib/relay/keys';
import { addOwnDevice, deviceKeys, writeEntry } from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

/**
 * "Deliver while we're apart": two devices, each its own Chromium process, with our server
 * in this process so the test can read what it stores and every frame it relays.
 */
let app: App;
let origin: string;
let dataDir: string;
let frames: string[];
let devices: Device[] = [];

async function startServer(ice?: IceConfig): Promise<void> {
	dataDir = mkdtempSync(join(tmpdir(), 'kept-mailbox-e2e-'));
	frames = [];
	app = createApp({
		root: 'build',
		port: 0,
		host: '127.0.0.1',
		signal: { onRelay: (_topic, frame) => frames.push(frame) },
		relay: { store: openSqliteStore(join(dataDir, 'relay.sqlite')), ice }
	});
	origin = (await app.listen()).replace('127.0.0.1', 'localhost');
}

test.afterEach(async () => {
	await closeDevices(...devices);
	devices = [];
	await app.close();
	rmSync(dataDir, { recursive: true, force: true });
});

/** axe finds nothing at a phone's and a desktop's width, light and dark; nothing overflows. */
async function expectAccessible(page: Page, name: string): Promise<void> {
	for (const width of [360, 1280]) {
		for (const colorScheme of ['light', 'dark'] as const) {
			await page.setViewportSize({ width, height: 800 });
			await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
			await expect
				.poll(
					async () =>
						(await new AxeBuilder({ page }).analyze()).violations.map(
							(v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`
						),
					{ message: `${name} at ${width}px, ${colorScheme}`, timeout: 10_000 }
				)
				.toEqual([]);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${name} at ${width}px fits the screen`).toBeLessThanOrEqual(0);
		}
	}
}

/** Alex creates the space, Sam joins, and both say yes to the offer that follows pairing. */
async function pairAndAgree(
	beforeAgreeing?: (alex: Device) => Promise<void>
): Promise<{ alex: Device; sam: Device; link: string }> {
	const alex = await launchDevice('alex', { baseURL: origin });
	const sam = await launchDevice('sam', { baseURL: origin });
	devices = [alex, sam];
	const link = await createSpace(alex.page, 'Alex');
	await joinFromLink(sam.page, link, 'Sam');
	await alex.page.goto('/');
	await expectConnected(alex.page, 'Sam');
	await expectConnected(sam.page, 'Alex');
	await beforeAgreeing?.(alex);
	for (const { page } of [alex, sam]) {
		const offer = page.getByRole('region', { name: 'Deliver while we’re apart?' });
		await offer.getByRole('button', { name: 'Turn on' }).click();
		await expect(offer).toBeHidden();
	}
	for (const { page } of [alex, sam]) {
		await page.goto('/settings');
		await expect(page.getByTestId('mailbox-state')).toContainText('On: you both agreed.');
	}
	return { alex, sam, link };
}

async function rename(page: Page, name: string): Promise<void> {
	await page.goto('/settings');
	await page.getByLabel('My name').fill(name);
	await page.getByRole('button', { name: 'Save name' }).click();
}

/** Closes Kept on the device (its saved data stays), or opens it again. */
async function closeKept(device: Device): Promise<void> {
	await device.page.close();
}
async function openKept(device: Device, path = '/settings'): Promise<void> {
	device.page = await device.context.newPage();
	await device.page.goto(path);
}

test('partners never online together still see each other’s changes, both ways', async () => {
	await startServer();
	const { alex, sam } = await pairAndAgree();
	await closeKept(sam);

	await rename(alex.page, 'Alex, while apart');
	await expect(alex.page.getByTestId('sync-status').first()).toContainText(
		'In the mailbox for Sam'
	);
	await closeKept(alex);

	await openKept(sam);
	await expect(sam.page.getByText('Alex, while apart').first()).toBeVisible({ timeout: 5_000 });
	await rename(sam.page, 'Sam, later');
	await expect(sam.page.getByTestId('sync-status').first()).toContainText(
		'In the mailbox for Alex'
	);
	await closeKept(sam);

	await openKept(alex);
	await expect(alex.page.getByText('Sam, later').first()).toBeVisible({ timeout: 5_000 });
	await expect(alex.page.getByTestId('mailbox-state')).toContainText(
		'Sam, later’s changes last arrived through it just now.'
	);
});

test('the offer after pairing and the Settings section are accessible, and say who has agreed', async () => {
	await startServer();
	const { alex } = await pairAndAgree(async (alex) => {
		await expect(
			alex.page.getByRole('region', { name: 'Deliver while we’re apart?' })
		).toContainText('the server can’t read it');
		await expectAccessible(alex.page, 'home with the mailbox offer');
	});
	await expect(alex.page.getByTestId('mailbox-me')).toHaveText('Agreed');
	await expect(alex.page.getByTestId('mailbox-partner')).toHaveText('Agreed');
	await expect(alex.page.getByTestId('mailbox-size')).toContainText('The server holds');
	await expectAccessible(alex.page, 'settings with the mailbox on');
});

test('online together with no direct path, edits arrive through the mailbox’s notice', async () => {
	await startServer();
	const { alex, sam } = await pairAndAgree();
	// A network that allows no direct connection: relay only, and no TURN server to relay through.
	for (const { page } of [alex, sam]) {
		await page.getByText('Connection settings', { exact: true }).click();
		await page.getByLabel('Connect only through the TURN server').check();
		await page.getByRole('button', { name: 'Save connection settings' }).click();
		await expect(page.getByText('Saved. Reconnecting with these settings.')).toBeVisible();
	}
	await expect(sam.page.getByTestId('sync-status').first()).not.toContainText('Connected to');
	await rename(alex.page, 'Alex, no direct path');
	// Sam's page stays open on Settings; the notice makes it fetch well before its 30 s poll.
	await expect(sam.page.getByText('Alex, no direct path').first()).toBeVisible({ timeout: 5_000 });
	await expect(sam.page.getByTestId('sync-status').first()).not.toContainText('Connected to');
});

test('what the server stores and relays is ciphertext only, and turning it off deletes it at once', async () => {
	await startServer();
	const { alex, sam, link } = await pairAndAgree();
	const marker = `private-words-${Math.random().toString(36).slice(2, 10)}`;
	await closeKept(sam);
	await rename(alex.page, marker);
	await expect(alex.page.getByTestId('sync-status').first()).toContainText(
		'In the mailbox for Sam'
	);

	const key = new URL(link).hash.slice(1);
	const files = () => readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)));
	const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
	const blobs = db.prepare('SELECT body FROM blob').all() as { body: Buffer }[];
	db.close();
	expect(blobs.length).toBeGreaterThan(0);
	for (const file of files()) {
		expect(file.includes(marker)).toBe(false);
		expect(file.includes('Alex')).toBe(false);
		for (const part of key.split(/[^A-Za-z0-9_-]+/).filter((p) => p.length >= 20)) {
			expect(file.includes(part)).toBe(false);
		}
	}
	for (const frame of frames) {
		expect(frame).not.toContain(marker);
		for (const part of key.split(/[^A-Za-z0-9_-]+/).filter((p) => p.length >= 20)) {
			expect(frame).not.toContain(part);
		}
	}

	await alex.page.getByRole('switch', { name: 'Deliver while we’re apart' }).uncheck();
	await expect(alex.page.getByRole('status').filter({ hasText: 'Turned off' })).toContainText(
		'The mailbox on the server has been deleted.'
	);
	const after = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
	expect(after.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: 0 });
	after.close();
	await openKept(sam);
	await expect(sam.page.getByTestId('mailbox-partner')).toHaveText('Not turned on', {
		timeout: 15_000
	});
});

test('the app uses the STUN/TURN servers and TURN REST credentials our server hands out, with no setting touched', async () => {
	const port = 34781;
	await startServer({
		stunUrls: [],
		turnUrls: [`turn:127.0.0.1:${port}`],
		turnSecret: 'kept-test-secret',
		turnTtlSeconds: 600
	});
	const alex = await launchDevice('alex', { baseURL: origin });
	const sam = await launchDevice('sam', { baseURL: origin });
	devices = [alex, sam];
	for (const { context } of devices) {
		await context.addInitScript(() => {
			const Native = window.RTCPeerConnection;
			const configs: unknown[] = [];
			(window as unknown as { keptIceConfigs: unknown[] }).keptIceConfigs = configs;
			window.RTCPeerConnection = class extends Native {
				constructor(config?: RTCConfiguration) {
					super(config);
					configs.push(config?.iceServers ?? []);
				}
			};
		});
	}
	const link = await createSpace(alex.page, 'Alex');
	await joinFromLink(sam.page, link, 'Sam');
	await expectConnected(sam.page, 'Alex');
	// The app used the servers ours handed out: TURN with a TURN REST username.
	const used = () =>
		sam.page.evaluate(() =>
			JSON.stringify((window as unknown as { keptIceConfigs: unknown[] }).keptIceConfigs)
		);
	await expect.poll(used).toContain(`turn:127.0.0.1:${port}`);
	expect(await used()).toMatch(/"username":"\d+:kept"/);
	// That coturn accepts such credentials (the same HMAC) is proved in server/relay's tests.
});

test('the journal’s own mailbox reaches this person’s other device, and never the partner’s', async () => {
	await startServer();
	const alex = await launchDevice('alex', { baseURL: origin });
	const laptop = await launchDevice('alex-laptop', { baseURL: origin });
	const sam = await launchDevice('sam', { baseURL: origin });
	devices = [alex, laptop, sam];
	const samAsked: string[] = [];
	sam.page.on('request', (r) => {
		if (r.url().includes('/relay/')) samAsked.push(r.url());
	});
	const link = await createSpace(alex.page, 'Alex');
	await joinFromLink(sam.page, link, 'Sam');
	await addOwnDevice(alex, laptop, 'Alex');
	await alex.page.goto('/settings');
	await alex.page.getByRole('switch', { name: /My journal too/ }).check();
	// The choice lives in Alex's private document, so Alex's laptop follows it.
	await laptop.page.goto('/settings');
	await expect(laptop.page.getByRole('switch', { name: /My journal too/ })).toBeChecked();
	await closeKept(laptop);

	const words = `only-for-me-${Math.random().toString(36).slice(2, 10)}`;
	const blobs = () => {
		const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
		const n = (db.prepare('SELECT count(*) AS n FROM blob').get() as { n: number }).n;
		db.close();
		return n;
	};
	const before = blobs();
	await writeEntry(alex.page, words);
	await expect.poll(blobs, { timeout: 10_000 }).toBeGreaterThan(before);
	await closeKept(alex);

	await openKept(laptop, '/journal');
	await expect(laptop.page.getByText(words)).toBeVisible({ timeout: 10_000 });

	const { journal } = await deviceKeys(laptop.page);
	const journalBox = (await deriveRelayKeys(journal.key, 'journal', 0, 'x')).mailboxId;
	await sam.page.goto('/journal');
	await expect(sam.page.getByText(words)).toHaveCount(0);
	expect(samAsked.some((url) => url.includes(journalBox))).toBe(false);
});
