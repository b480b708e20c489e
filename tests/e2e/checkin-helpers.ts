/** Shared by the check-in and setbacks tests: two paired devices, and axe every way. */
import { expect } from '@playwright/test';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved,
	type Device
} from './peers';
import { agreedContract, type SeedClause } from './seed-contract';
import { addSavedUpdate, readSavedSpace } from './storage';

const DAY = 86_400_000;

const CLAUSES: SeedClause[] = [
	{
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Call at 8 pm when away',
		backup: 'Two lines by text before 9 pm',
		timeline: { kind: 'daily', byTime: '20:00' }
	},
	{ kind: 'boundary', owner: 'both', commitment: 'Phones stay open on the table' }
];

/** No axe violations at a phone's and a desktop's width, light and dark (see `axe.ts`). */
export { expectAccessible } from './axe';

/**
 * Two paired devices (Alex and Sam) in reduced motion; with `seed`, an agreed contract written into
 * both saved spaces (by default the check-in's two clauses). Ends on `path`, both connected.
 */
export async function paired(
	path: string,
	seed: (saved: Uint8Array) => Uint8Array = (saved) =>
		agreedContract(saved, CLAUSES, Date.now() - 10 * DAY).update
): Promise<{ a: Device; b: Device }> {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		for (const d of [a, b]) {
			// A click that can never happen fails where it is, rather than at the test's timeout.
			d.context.setDefaultTimeout(30_000);
			await d.page.emulateMedia({ reducedMotion: 'reduce' });
		}
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await waitForSaved(a.page);
		const update = seed(await readSavedSpace(a.page));
		for (const d of [a, b]) {
			await waitForSaved(d.page);
			await addSavedUpdate(d.page, update);
			await d.page.goto(path);
		}
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex');
	} catch (error) {
		await closeDevices(a, b);
		throw error;
	}
	return { a, b };
}
