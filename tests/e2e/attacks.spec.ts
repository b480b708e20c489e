import { expect, test } from '@playwright/test';
import { deviceKeys } from './journal-helpers';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

const PAYLOADS = [
	'<img src=x onerror="window.__pwned=1">',
	'<script>window.__pwned=2</script>',
	'"><svg onload=window.__pwned=3>',
	'javascript:window.__pwned=4'
];

test('script and markup typed anywhere show as plain text, and inline script is blocked', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const dialogs: string[] = [];
	for (const d of [a, b]) d.page.on('dialog', (dlg) => dialogs.push(dlg.message()));
	try {
		const link = await createSpace(a.page, PAYLOADS[0]);
		await joinFromLink(b.page, link, PAYLOADS[1]);
		await expectConnected(b.page, PAYLOADS[0]);

		// In the partner's name, a contract clause, and a journal entry.
		await a.page.goto('/');
		await expect(a.page.getByText(PAYLOADS[1]).first()).toBeVisible();
		await a.page
			.getByRole('navigation', { name: 'Sections' })
			.getByRole('link', { name: 'Contract' })
			.click();
		await a.page.getByRole('button', { name: 'Add a behaviour' }).click();
		await a.page.keyboard.type(PAYLOADS[2]);
		await b.page
			.getByRole('navigation', { name: 'Sections' })
			.getByRole('link', { name: 'Contract' })
			.click();
		await expect(b.page.getByText(PAYLOADS[2]).first()).toBeVisible();
		await a.page.goto('/journal');
		await a.page.getByRole('button', { name: 'New entry' }).click();
		await a.page.getByLabel('What’s on your mind').fill(PAYLOADS[3] + ' ' + PAYLOADS[0]);
		await a.page.getByRole('link', { name: '← All entries' }).click();
		await expect(a.page.getByText(PAYLOADS[3], { exact: false }).first()).toBeVisible();

		for (const d of [a, b]) {
			expect(await d.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
			expect(await d.page.locator('main img[src="x"], main svg[onload]').count()).toBe(0);
		}
		expect(dialogs).toEqual([]);

		// Even if markup did reach the page, the Content-Security-Policy would not run it.
		const blocked = await a.page.evaluate(
			() =>
				new Promise<{ ran: boolean; violation: string }>((resolve) => {
					document.addEventListener('securitypolicyviolation', (e) =>
						resolve({
							ran: !!(window as { __inline?: boolean }).__inline,
							violation: e.violatedDirective
						})
					);
					const s = document.createElement('script');
					s.textContent = 'window.__inline = true';
					document.body.append(s);
				})
		);
		expect(blocked).toEqual({ ran: false, violation: 'script-src-elem' });
	} finally {
		await closeDevices(a, b);
	}
});

test('the invite key never reaches any server, by HTTP or by signaling', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const sent: string[] = [];
	for (const d of [a, b]) {
		d.page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
		d.page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
	}
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expectConnected(a.page, 'Sam');
		const keys = await deviceKeys(a.page);
		const secrets = [keys.key, keys.journal.key, link.split('#')[1]];
		expect(sent.length).toBeGreaterThan(10);
		expect(sent.some((s) => s.includes('"subscribe"'))).toBe(true);
		for (const secret of secrets) {
			expect(sent.filter((s) => s.includes(secret))).toEqual([]);
		}
	} finally {
		await closeDevices(a, b);
	}
});
