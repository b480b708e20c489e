/**
 * The one accessibility check for browser tests: axe finds nothing and nothing is wider than the
 * screen, at a phone's width (360 px) and a desktop's (1280 px), light and dark, with reduced
 * motion. With SCREENSHOTS=<folder>, each screen is also saved there.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WIDTHS = [360, 1280] as const;
export const SCHEMES = ['light', 'dark'] as const;

/** The page's violations now, one line each: rule, and where. */
export async function violations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations.map(
		(v) => `${v.id}: ${v.nodes.map((n) => `${n.target} ${n.failureSummary ?? ''}`).join('; ')}`
	);
}

/**
 * Checks the page every way. `ready` runs after each change of width or scheme (to wait for
 * something the screen needs); the page is left at 390 px, light.
 */
export async function expectAccessible(
	page: Page,
	what: string,
	ready: () => Promise<void> = async () => undefined
): Promise<void> {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
		for (const scheme of SCHEMES) {
			await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
			await ready();
			// Let the new colour scheme and width settle before measuring contrast: wait until the
			// page's own colours follow the scheme, then ask axe (again, if a restyle raced it).
			await page.waitForFunction(
				(dark) =>
					matchMedia('(prefers-color-scheme: dark)').matches === dark &&
					getComputedStyle(document.body).color ===
						(dark ? 'rgb(241, 235, 228)' : 'rgb(43, 38, 34)'),
				scheme === 'dark',
				{ timeout: 10_000 }
			);
			await expect
				.poll(() => violations(page), {
					message: `${what} at ${width}px, ${scheme}`,
					timeout: 20_000,
					intervals: [250, 1000]
				})
				.toEqual([]);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${what} at ${width}px fits the screen`).toBeLessThanOrEqual(0);
			if (process.env.SCREENSHOTS) {
				await page.evaluate(() => window.scrollTo(0, 0));
				await page.screenshot({
					path: `${process.env.SCREENSHOTS}/${what}-${width}-${scheme}.png`,
					fullPage: true
				});
			}
		}
	}
	await page.setViewportSize({ width: 390, height: 844 });
	await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}
