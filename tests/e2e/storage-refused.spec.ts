import { expect, test } from '@playwright/test';
import { closeDevices, launchDevice } from './peers';

test('when the browser refuses storage, Kept says so plainly instead of pretending to save', async () => {
	const a = await launchDevice('A');
	try {
		// What a private window or a storage setting can do: IndexedDB refuses to open.
		await a.page.addInitScript(() => {
			IDBFactory.prototype.open = function () {
				throw new DOMException(
					'The user denied permission to access the database.',
					'SecurityError'
				);
			};
		});
		await a.page.goto('/');
		await a.page.getByRole('button', { name: 'Create our space' }).click();
		await a.page.getByLabel('Your name').fill('Alex');
		await a.page.getByRole('button', { name: 'Create our space' }).click();
		await expect(a.page.getByText('This browser isn’t letting Kept save').first()).toBeVisible();
		await expect(a.page.getByText('Nothing you type now would be kept')).toBeVisible();
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});
