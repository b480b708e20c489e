import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { roots, type Partner } from '../../src/lib/schema';
import { writeEntry } from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved
} from './peers';
import { addSavedUpdate, readSavedSpace } from './storage';

test('an invite’s key leaves the address bar before the app starts, and the invite still reads', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		expect(link).toContain('#');
		await b.page.goto(link);
		await expect(b.page.getByRole('heading', { name: 'You’ve been invited' })).toBeVisible();
		expect(b.page.url()).not.toContain('#');
		const left = await b.page.evaluate(() => ({
			hash: location.hash,
			stashed: sessionStorage.getItem('kept.fragment'),
			firstScript: document.querySelector('script')?.getAttribute('src')
		}));
		expect(left).toEqual({ hash: '', stashed: null, firstScript: '/take-fragment.js' });
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('the partner’s device rewriting joinedAt and schemaVersion leaves the other device working, journal and all', async () => {
	const alex = await launchDevice('Alex');
	const sam = await launchDevice('Sam');
	try {
		const link = await createSpace(alex.page, 'Alex');
		await joinFromLink(sam.page, link, 'Sam');
		await expectConnected(sam.page, 'Alex');
		await writeEntry(sam.page, 'Only mine: the walk by the river helped.');
		await waitForSaved(sam.page);

		// Alex's device, with dev tools: Sam joined "after" a planted third person, and the space
		// claims a far newer schema.
		await waitForSaved(alex.page);
		const saved = new Y.Doc();
		Y.applyUpdate(saved, await readSavedSpace(alex.page));
		const before = Y.encodeStateVector(saved);
		const partners = roots.partners(saved);
		const samId = [...partners.keys()].find((id) => partners.get(id)?.name === 'Sam')!;
		saved.transact(() => {
			partners.set('planted-third', {
				id: 'planted-third',
				name: 'Kim',
				joinedAt: 1,
				updatedAt: Date.now()
			} satisfies Partner);
			partners.set(samId, { ...partners.get(samId)!, joinedAt: Date.now() + 1e9 });
			roots.meta(saved).set('schemaVersion', 99);
		});
		await addSavedUpdate(alex.page, Y.encodeStateAsUpdate(saved, before));
		await alex.page.reload();

		// Sam's device hears of it, says so calmly, and stays whole.
		await expect(
			sam.page.getByText('The list of who is in your space arrived changed')
		).toBeVisible({ timeout: 30_000 });
		await expect(
			sam.page.getByText('Your journal, your own entries and your settings work')
		).toBeVisible();
		await expect(
			sam.page.getByRole('heading', { name: 'This space already has two partners' })
		).toHaveCount(0);
		await sam.page.goto('/');
		await expect(sam.page.getByRole('heading', { name: 'You and Alex' })).toBeVisible();
		await expect(sam.page.getByText('Kim')).toHaveCount(0);
		await sam.page.goto('/journal');
		await expect(sam.page.getByText('Only mine: the walk by the river helped.')).toBeVisible();
		await writeEntry(sam.page, 'Still writing after the rewrite.');
		await sam.page.goto('/journal');
		await expect(sam.page.getByText('Still writing after the rewrite.')).toBeVisible();
		await sam.page.goto('/settings');
		await expect(sam.page.getByRole('button', { name: 'Save name' })).toBeEnabled();
		expect(sam.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(alex, sam);
	}
});
