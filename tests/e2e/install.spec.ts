import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseURL } from './peers';

test('Chromium finds the app installable, with its manifest and icons', async () => {
	const profile = mkdtempSync(join(tmpdir(), 'kept-install-'));
	// A persistent profile: an incognito one always reports that it cannot install.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		baseURL
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		const cdp = await context.newCDPSession(page);
		await expect
			.poll(async () => {
				const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
					installabilityErrors: { errorId: string }[];
				};
				return installabilityErrors.map((e) => e.errorId);
			})
			.toEqual([]);
		const manifest = await (await page.request.get('/manifest.webmanifest')).json();
		expect(manifest).toMatchObject({ short_name: 'Kept', display: 'standalone' });
		const sizes = manifest.icons.map(
			(i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`
		);
		expect(sizes).toEqual(
			expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable'])
		);
		for (const icon of manifest.icons) {
			expect((await page.request.get(icon.src)).status()).toBe(200);
		}
		await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
			'href',
			/apple-touch-icon\.png/
		);
		await expect(page.locator('meta[name="apple-mobile-web-app-capable"]')).toHaveAttribute(
			'content',
			'yes'
		);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
});
