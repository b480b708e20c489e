import { expect, test } from '@playwright/test';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

/**
 * After sharing an insight, Alex's screen says what is true: that it reached Sam's device (when
 * it did), or that it waits until both are online — and it changes when that changes. Two
 * browser processes, so the words can only travel over WebRTC.
 */
test('the share status says whether the insight is on Sam’s device, and follows it there', async () => {
	let a: Device | undefined;
	let b: Device | undefined;
	try {
		[a, b] = await Promise.all([launchDevice('A'), launchDevice('B')]);
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(a.page, 'Sam');

		// Both online: it reaches Sam within seconds, and Alex's screen says so.
		await a.page.goto('/journal');
		await a.page.getByRole('button', { name: 'New entry' }).click();
		await a.page.getByLabel('What’s on your mind').fill('A long week. I noticed I was calmer.');
		await a.page.getByLabel('Words to share').fill('I was calmer this week.');
		await a.page.getByRole('button', { name: 'Share with Sam' }).click();
		const status = a.page.getByTestId('share-status');
		await expect(status).toHaveText('Shared with Sam. It has reached Sam’s device.');
		await b.page.goto('/journal/shared');
		await expect(b.page.getByRole('region', { name: 'Shared with you' })).toContainText(
			'I was calmer this week.'
		);

		// Sam closes Kept: the next insight waits, and the screen says that instead.
		await b.page.goto('about:blank');
		await expect(a.page.getByTestId('sync-status').first()).not.toContainText('Connected to Sam');
		await a.page.getByLabel('Words to share').fill('Walking helped.');
		await a.page.getByRole('button', { name: 'Share with Sam' }).click();
		await expect(status).toHaveText(
			'Shared with Sam. It’s saved here, and reaches Sam’s device the next time you’re both online.'
		);

		// Sam opens Kept again: Alex's screen, left as it was, follows the insight there.
		await b.page.goto('/journal/shared');
		await expect(status).toHaveText('Shared with Sam. It has reached Sam’s device.', {
			timeout: 30_000
		});
		await expect(b.page.getByRole('region', { name: 'Shared with you' })).toContainText(
			'Walking helped.'
		);
	} finally {
		await closeDevices(a, b);
	}
});
