import { expect, test } from '@playwright/test';
import { atTime, toDay } from '../../src/lib/core/calendar';
import { closeDevices, createSpace, launchDevice, waitForSaved, type Device } from './peers';
import { agreedContract } from './seed-contract';
import { addSavedUpdate, readSavedSpace } from './storage';

/**
 * One way of writing a time: a commitment kept at 13:42 and a check-in started at 13:42 read
 * the same on the tracker and on the check-in, in the person's own way of writing times.
 */
for (const { locale, time } of [
	{ locale: 'en-US', time: '1:42 PM' },
	{ locale: 'en-GB', time: '13:42' }
]) {
	test(`in ${locale}, the tracker and the check-in both write ${time}`, async () => {
		let a: Device | undefined;
		try {
			a = await launchDevice('A', { locale });
			const today = toDay(Date.now());
			await a.page.clock.setFixedTime(atTime(today, '13:42'));
			await createSpace(a.page, 'Alex');
			await waitForSaved(a.page);
			const seeded = agreedContract(
				await readSavedSpace(a.page),
				[
					{
						kind: 'behaviour',
						owner: 'a',
						commitment: 'Call at 8 pm when away',
						timeline: { kind: 'daily' }
					}
				],
				atTime(today, '13:42') - 3 * 86_400_000,
				{ addPartner: { id: 'sam-partner-id', name: 'Sam' } }
			);
			await addSavedUpdate(a.page, seeded.update);
			await a.page.goto('/');

			const call = a.page
				.getByRole('region', { name: 'Your commitments today' })
				.getByRole('article', { name: 'Call at 8 pm when away' });
			await call.getByRole('button', { name: 'Kept', exact: true }).click();
			await expect(call).toContainText(`recorded ${time}`);

			await a.page.goto('/checkin');
			await a.page.getByRole('button', { name: 'Check in now' }).click();
			await expect(a.page.getByRole('heading', { name: 'Take a breath together' })).toBeVisible();
			await a.page.goto('/checkin');
			await expect(a.page.getByText(`started today at ${time} by you`)).toBeVisible();
			// Nowhere the other way of writing it (no "01:42 PM", no "13:42" beside "1:42 PM").
			const other = locale === 'en-US' ? '13:42' : 'PM';
			await expect(a.page.locator('main')).not.toContainText(other);
		} finally {
			await closeDevices(a);
		}
	});
}
