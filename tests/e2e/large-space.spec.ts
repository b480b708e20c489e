import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { roots } from '../../src/lib/schema';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';
import { addSavedUpdate, bigHistory, readSavedSpace, stateVectorOf } from './storage';

test('a space of over 4 MiB syncs completely to a freshly joined browser', async () => {
	test.setTimeout(180_000);
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		const { update, ids } = bigHistory(4.2 * 1024 * 1024);
		expect(update.length).toBeGreaterThan(4 * 1024 * 1024);
		await addSavedUpdate(a.page, update);
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible();

		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');

		const aState = await readSavedSpace(a.page);
		await expect
			.poll(async () => stateVectorOf(await readSavedSpace(b.page)), { timeout: 60_000 })
			.toBe(stateVectorOf(await readSavedSpace(a.page)));
		const bDoc = new Y.Doc();
		Y.applyUpdate(bDoc, await readSavedSpace(b.page));
		const log = roots.log(bDoc);
		expect(log.size).toBe(ids.length);
		expect(ids.every((id) => log.has(id))).toBe(true);
		expect(aState.length).toBeGreaterThan(4 * 1024 * 1024);
		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
