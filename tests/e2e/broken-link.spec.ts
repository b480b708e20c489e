import { expect, test } from '@playwright/test';
import { closeDevices, launchDevice } from './peers';

const cases = [
	['/join#p1.abc', 'cut short'],
	['/join#hello-there', 'doesn’t look like a Kept invite'],
	['/join#p1.' + 'A'.repeat(22) + '.' + 'B'.repeat(43) + '.zzzzzz', 'Ask for a fresh one'],
	['/join#p9.x.y.z', 'newer version of Kept']
] as const;

test('broken invite links give a clear message and create nothing', async () => {
	const b = await launchDevice('B');
	try {
		for (const [path, message] of cases) {
			await b.page.goto(path);
			await expect(b.page.getByRole('alert')).toContainText(message);
			await expect(b.page.getByRole('heading', { name: 'Join a space' })).toBeVisible();
		}
		// Pasting something broken in the installed app's "Join a space" works the same way.
		await b.page.goto('/join');
		await b.page.getByLabel('Invite link or code').fill('https://example.org/some/other/link');
		await b.page.getByRole('button', { name: 'Continue' }).click();
		await expect(b.page.getByRole('alert')).toContainText('doesn’t look like a Kept invite');

		expect(await b.page.evaluate(() => localStorage.length)).toBe(0);
		const dbs = await b.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
		expect(dbs.filter((n) => n?.startsWith('kept-space-'))).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(b);
	}
});
