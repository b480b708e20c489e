import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addOwnDevice, writeEntry } from './journal-helpers';
import {
	baseURL,
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved
} from './peers';
import { readSavedSpace, stateVectorOf } from './storage';

/** A browser with a profile on disk, so it can be killed and started again like a phone's. */
function openProfile(dir: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(dir, {
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		baseURL,
		viewport: { width: 390, height: 844 }
	});
}

/** Kills the browser at once (SIGKILL): no unload handlers, no chance to tidy up. */
function killBrowser(profileDir: string): void {
	const pids = execFileSync('pgrep', ['-f', `user-data-dir=${profileDir}`], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean);
	for (const pid of pids) {
		try {
			process.kill(Number(pid), 'SIGKILL');
		} catch {
			// Already gone with its parent.
		}
	}
}

test('the browser killed mid-typing keeps everything typed up to that moment', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'kept-kill-'));
	try {
		let context = await openProfile(dir);
		let page = context.pages()[0] ?? (await context.newPage());
		await createSpace(page, 'Alex');
		await page
			.getByRole('navigation', { name: 'Sections' })
			.getByRole('link', { name: 'Contract' })
			.click();
		await page.getByRole('button', { name: 'Add a behaviour' }).click();
		const field = page.getByRole('textbox', { name: 'Commitment', exact: true }).last();
		await expect(field).toBeFocused();
		const saved = 'Call at eight every evening';
		await page.keyboard.type(saved, { delay: 20 });
		await waitForSaved(page);
		// Still typing when the process dies.
		await page.keyboard.type(', and text if running late', { delay: 20 });
		killBrowser(dir);
		await context.close().catch(() => undefined);

		context = await openProfile(dir);
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/contract');
		const after = page
			.getByRole('region', { name: 'Behaviours we cultivate' })
			.getByRole('heading', { level: 3 });
		await expect(after).toContainText(saved);
		const text = (await after.textContent()) ?? '';
		expect(`${saved}, and text if running late`.startsWith(text)).toBe(true);
		await context.close();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a device whose storage was wiped is made whole again by its partner and its other device', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await writeEntry(a.page, 'A private note only my own devices keep.');
		await waitForSaved(a.page);
		await addOwnDevice(a, a2, 'Alex');
		await a2.page.goto('/journal');
		await expect(a2.page.getByRole('link', { name: /only my own devices keep/ })).toBeVisible({
			timeout: 30_000
		});
		await waitForSaved(a2.page);

		// The browser evicts A's databases (its device settings survive, as after a storage purge
		// of IndexedDB alone). It happens between visits: from a page of the same origin where the
		// app is not running, so no open connection holds a database back.
		await a.page.goto('/favicon.svg');
		await a.page.evaluate(async () => {
			for (const { name } of await indexedDB.databases()) {
				await new Promise((r) => {
					const req = indexedDB.deleteDatabase(name as string);
					req.onsuccess = req.onerror = req.onblocked = r;
				});
			}
		});
		expect(await a.page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);

		await a.page.goto('/');
		await expectConnected(a.page, 'Sam');
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible();
		await a.page.goto('/journal');
		await expect(a.page.getByRole('link', { name: /only my own devices keep/ })).toBeVisible({
			timeout: 30_000
		});
		await expect
			.poll(async () => stateVectorOf(await readSavedSpace(a.page)), { timeout: 30_000 })
			.toBe(stateVectorOf(await readSavedSpace(b.page)));
	} finally {
		await closeDevices(a, a2, b);
	}
});

test('when Today’s screen cannot be fetched, a calm note offers to load it again', async () => {
	// No service worker: every request reaches the network, where this one fails.
	const a = await launchDevice('A', { serviceWorkers: 'block' });
	try {
		await createSpace(a.page, 'Alex');
		await a.page.route('**/*.js', async (route) => {
			const response = await route.fetch();
			const code = await response.text();
			if (code.includes('Something to celebrate')) return route.abort('connectionreset');
			return route.fulfill({ response, body: code });
		});
		await a.page.goto('/');
		const note = a.page.getByText('Today’s screen didn’t load.');
		await expect(note).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toHaveCount(0);

		await a.page.unroute('**/*.js');
		await a.page.getByRole('button', { name: 'Load again' }).click();
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible();
		await expect(a.page.getByRole('region', { name: 'Your shared space' })).toBeVisible();
		await expect(note).toHaveCount(0);
	} finally {
		await closeDevices(a);
	}
});
