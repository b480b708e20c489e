import { expect, test } from '@playwright/test';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

test('A creates a space and invites; B joins from the link; names and changes sync both ways', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		expect(link).toMatch(/\/join#p2\./);
		await joinFromLink(b.page, link, 'Sam');

		await expectConnected(b.page, 'Alex');
		await a.page.goto('/');
		await expectConnected(a.page, 'Sam');
		await expect(a.page.getByRole('heading', { name: 'You and Sam' })).toBeVisible();
		await expect(b.page.getByRole('heading', { name: 'You and Alex' })).toBeVisible();

		// A change in A appears in B, and back.
		await a.page.goto('/settings');
		await a.page.getByLabel('My name').fill('Alex R.');
		await a.page.getByRole('button', { name: 'Save name' }).click();
		await expect(b.page.getByRole('heading', { name: 'You and Alex R.' })).toBeVisible();

		await b.page.goto('/settings');
		await b.page.getByLabel('My name').fill('Sam K.');
		await b.page.getByRole('button', { name: 'Save name' }).click();
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam K.' })).toBeVisible();

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('a page that closes leaves the room quietly, so the partner connects to the reopened page', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	// What each of B's pages sent to the signaling server: message types, in order.
	const sockets: string[][] = [];
	b.page.on('websocket', (ws) => {
		const sent: string[] = [];
		ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)).type));
		sockets.push(sent);
	});
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(b.page, 'Alex');
		await a.page.goto('/settings');
		await expectConnected(a.page, 'Sam');

		for (const path of ['/contract', '/tracker', '/']) {
			const old = sockets.at(-1)!;
			await b.page.goto(path);
			await expectConnected(b.page, 'Alex');
			expect(sockets.at(-1)).not.toBe(old);
			await expectConnected(a.page, 'Sam');
			await expect(a.page.getByTestId('peer-count')).toHaveText('1');
			// The closed page left the room and did not join it again to say it was there: such
			// a late hello would have the partner wait on a page that is gone. (Frames reach the
			// test a moment after the page sent them.)
			// (The first page's socket also left the invite's handshake room, earlier: the last
			// leaving is the page's.)
			await expect.poll(() => old.lastIndexOf('unsubscribe')).toBeGreaterThan(0);
			await expect
				.poll(() => old.slice(old.lastIndexOf('unsubscribe')).filter((t) => t !== 'unsubscribe'))
				.toEqual([]);
		}

		// Both reopen at the same moment, so each hears the other arrive: only one of them starts
		// the connection, and they meet again well before a stuck connection would be retried.
		for (const path of ['/contract', '/tracker', '/', '/checkin', '/settings']) {
			await Promise.all([a.page.goto(path), b.page.goto(path)]);
			await expectConnected(a.page, 'Sam', { timeout: 10_000 });
			await expectConnected(b.page, 'Alex', { timeout: 10_000 });
		}
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('a page put away leaves the room at once, and joins again when it is brought back', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await a.page.goto('/settings');
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex');

		// Phones often skip 'beforeunload' when the app is put away; 'pagehide' always comes.
		await b.page.evaluate(() =>
			window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))
		);
		await expect(a.page.getByTestId('sync-status').first()).toContainText('Looking for Sam', {
			timeout: 10_000
		});
		await a.page.getByLabel('My name').fill('Alex R.');
		await a.page.getByRole('button', { name: 'Save name' }).click();

		// Brought back from the back-forward cache: it joins again and catches up.
		await b.page.evaluate(() =>
			window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
		);
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex R.');

		// Leaving for another site and coming back with the back button: 'beforeunload' comes
		// first this time (y-webrtc leaves the room and forgets who this device is), then
		// 'pagehide'. Brought back, it still tells the partner who it is.
		await b.page.evaluate(() => {
			window.dispatchEvent(new Event('beforeunload'));
			window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
		});
		await expect(a.page.getByTestId('sync-status').first()).toContainText('Looking for Sam', {
			timeout: 10_000
		});
		await b.page.evaluate(() =>
			window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
		);
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex R.');
		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
