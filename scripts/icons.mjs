// Renders the app icons from their SVG sources with the test browser. Run after changing them.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium'
});
const page = await browser.newPage();
const targets = [
	['static/favicon.svg', 'static/icon-192.png', 192],
	['static/favicon.svg', 'static/icon-512.png', 512],
	['static/icon-maskable.svg', 'static/icon-maskable-512.png', 512],
	['static/icon-maskable.svg', 'static/apple-touch-icon.png', 180]
];
for (const [src, out, size] of targets) {
	await page.setViewportSize({ width: size, height: size });
	const svg = readFileSync(src, 'utf8');
	await page.setContent(
		`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`
	);
	await page.screenshot({ path: out, omitBackground: true });
}
await browser.close();
