import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { roots, type Partner } from '../../src/lib/schema';
import { deviceKeys, dumpIndexedDb, writeEntry } from './journal-helpers';
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

test('after pairing, a third browser with the old invite link receives no byte of the space', async () => {
	const alex = await launchDevice('Alex');
	const sam = await launchDevice('Sam');
	const kim = await launchDevice('Kim');
	const got: string[] = [];
	const sent: string[] = [];
	kim.page.on('websocket', (ws) => {
		ws.on('framereceived', (f) => got.push(String(f.payload)));
		ws.on('framesent', (f) => sent.push(String(f.payload)));
	});
	try {
		const link = await createSpace(alex.page, 'Alex');
		await expect(alex.page.getByTestId('invite-expiry')).toContainText('It works once, until');
		await joinFromLink(sam.page, link, 'Sam');
		await expectConnected(sam.page, 'Alex');
		await expectConnected(alex.page, 'Sam');
		await alex.page.goto('/');
		await expect(alex.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		// The invite has done its one job: Alex's device keeps it no longer.
		await expect
			.poll(() => alex.page.evaluate(() => localStorage.getItem('kept.device.v1')))
			.not.toContain('"invite"');
		const spaceKey = (await deviceKeys(sam.page)).key;
		expect(link).not.toContain(spaceKey);
		expect((await deviceKeys(alex.page)).key).toBe(spaceKey);

		await kim.page.goto(link);
		await kim.page.getByLabel('Your name').fill('Kim');
		await kim.page.getByRole('button', { name: 'Join our space' }).click();
		await expect(kim.page.getByTestId('sync-status').first()).toContainText(
			'Looking for your partner'
		);
		// Long enough for any answer to arrive: signaling connects in well under a second.
		await expect(kim.page.getByText('the invite may be out of date')).toBeVisible({
			timeout: 60_000
		});
		await waitForSaved(kim.page);

		const stored = await dumpIndexedDb(kim.page, 'kept-');
		expect(stored.text).not.toContain('Alex');
		expect(stored.text).not.toContain('Sam');
		expect((await deviceKeys(kim.page)).key).toBe('');
		// Every frame Kim got is the server's own (pongs) or an echo of what Kim sent (the server
		// adds how many it reached): nobody else spoke in any room Kim was in.
		const ownData = new Set(sent.map((f) => JSON.parse(f).data).filter(Boolean));
		const others = got
			.map((f) => JSON.parse(f) as { type: string; data?: string })
			.filter((m) => m.type !== 'pong' && !(m.type === 'publish' && ownData.has(m.data)));
		expect(others).toEqual([]);
		expect(got.length).toBeGreaterThan(0);
		expect(got.join('\n')).not.toContain(spaceKey);
		// Alex and Sam never heard of Kim.
		await expect(alex.page.getByText('Kim')).toHaveCount(0);
		await sam.page.goto('/');
		await expect(sam.page.getByRole('heading', { name: 'You and Alex' })).toBeVisible();
	} finally {
		await closeDevices(alex, sam, kim);
	}
});
