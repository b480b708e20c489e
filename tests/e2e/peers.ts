/**
 * Devices for browser tests. Each device is its own Chromium process (`chromium.launch()`),
 * so two devices can only share data through the real network path: our signaling server
 * and WebRTC — never a shared profile or BroadcastChannel.
 */
import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const baseURL = `http://localhost:${process.env.E2E_PORT ?? 4183}`;

/** One device: a browser process, its profile, and the app's page. */
export interface Device {
	name: string;
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Errors and unexpected messages the page printed to its console. */
	consoleErrors: string[];
}

/** Starts a new device with an empty profile. */
export async function launchDevice(
	name: string,
	options: {
		viewport?: { width: number; height: number };
		colorScheme?: 'light' | 'dark';
		/** Another server than the default one (a test running its own, in-process). */
		baseURL?: string;
		/** 'block' keeps the service worker out, so every request reaches the network. */
		serviceWorkers?: 'allow' | 'block';
		/** The person's language and habits (how they write times), e.g. 'en-GB'. */
		locale?: string;
	} = {}
): Promise<Device> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		args: ['--allow-loopback-in-peer-connection']
	});
	const context = await browser.newContext({
		baseURL: options.baseURL ?? baseURL,
		// With camera permission Chromium offers real host candidates instead of mDNS names,
		// which is what lets two local browsers find each other on loopback.
		permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
		viewport: options.viewport ?? { width: 390, height: 844 },
		colorScheme: options.colorScheme ?? 'light',
		serviceWorkers: options.serviceWorkers ?? 'allow',
		...(options.locale ? { locale: options.locale } : {})
	});
	const page = await context.newPage();
	const consoleErrors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') consoleErrors.push(msg.text());
	});
	page.on('pageerror', (err) => consoleErrors.push(String(err)));
	return { name, browser, context, page, consoleErrors };
}

/** Closes every device given. */
export async function closeDevices(...devices: (Device | undefined)[]): Promise<void> {
	await Promise.all(devices.map((d) => d?.browser.close()));
}

/** Creates a space as `name` and returns the partner invite link shown on screen. */
export async function createSpace(page: Page, name: string): Promise<string> {
	await page.goto('/');
	await page.getByRole('button', { name: 'Create our space' }).click();
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Create our space' }).click();
	await expect(page.getByRole('heading', { name: 'Invite your partner' })).toBeVisible();
	return page.getByLabel('Link for your partner').inputValue();
}

/** Opens an invite link and joins as `name`. */
export async function joinFromLink(page: Page, link: string, name: string): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join our space' }).click();
	await expect(page.getByRole('heading', { name: /^Hello/ })).toBeVisible();
}

/** Waits until the device's status says it is connected to the named partner. */
export async function expectConnected(
	page: Page,
	partner: string,
	{ timeout = 30_000 }: { timeout?: number } = {}
): Promise<void> {
	await expect(page.getByTestId('sync-status').first()).toContainText(`Connected to ${partner}`, {
		timeout
	});
}

/** Waits until every Kept database on the device has committed what was written so far. */
export async function waitForSaved(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const dbs = (await indexedDB.databases()).filter((d) => d.name?.startsWith('kept-'));
		for (const { name } of dbs) {
			await new Promise<void>((resolve) => {
				const req = indexedDB.open(name as string);
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains('updates')) {
						db.close();
						return resolve();
					}
					// A read transaction opened now completes after every earlier write committed.
					const tx = db.transaction(['updates'], 'readonly');
					tx.oncomplete = tx.onerror = () => {
						db.close();
						resolve();
					};
				};
				req.onerror = () => resolve();
			});
		}
	});
}

/**
 * Waits until the app's service worker is active, so the next page load is served by it and
 * works with no network. (Polled rather than awaited through `ready`/`controllerchange`: a page
 * loaded while the worker was still installing can stay uncontrolled itself, yet the next
 * navigation is the worker's.)
 */
export async function offlineReady(page: Page): Promise<void> {
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					const reg = await navigator.serviceWorker.getRegistration();
					return reg?.active?.state ?? `no active worker (installing: ${reg?.installing?.state})`;
				}),
			{ message: 'the service worker is active', timeout: 30_000 }
		)
		.toBe('activated');
}
