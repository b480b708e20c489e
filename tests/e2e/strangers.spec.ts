import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { roomAccess } from '../../src/lib/sync/room-token';
import { checkEveryWay, deviceKeys } from './journal-helpers';
import {
	baseURL,
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

/** A raw WebSocket on the signaling server, as a program anywhere on the internet could open. */
function stranger(): Promise<WebSocket> {
	const ws = new WebSocket(baseURL.replace(/^http/, 'ws') + '/signal', { origin: baseURL });
	ws.on('error', () => {});
	return new Promise((done, fail) => {
		ws.once('open', () => done(ws));
		ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
	});
}

/** Bytes shaped like y-webrtc's sealed messages (AES-GCM, iv, cipher), sealed with nothing. */
function junk(n: number): string {
	const noise = Buffer.from(Array.from({ length: 64 + n }, (_, i) => (i * 37 + n) & 255));
	return Buffer.concat([Buffer.from([7]), Buffer.from('AES-GCM'), noise]).toString('base64');
}

test('strangers sending junk into a couple’s room never disturb it: both stay connected, calm, and keep syncing', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const sockets: WebSocket[] = [];
	try {
		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		// Both stay on Settings from here (no reload, so each device keeps its count of messages it
		// set aside): their own name to edit, the partner's name, and the sync details.
		await a.page.goto('/settings');
		await b.page.goto('/settings');
		await expectConnected(a.page, 'Sam');
		await expectConnected(b.page, 'Alex');

		const keys = await deviceKeys(a.page);
		const { topic, token } = roomAccess(keys.key);
		// One knows the room id from an old invite; one knows the room's topic but not its token;
		// one holds the token itself (the worst case: say it leaked from a server's memory).
		const [fromOldInvite, noToken, withToken] = await Promise.all([
			stranger(),
			stranger(),
			stranger()
		]);
		sockets.push(fromOldInvite, noToken, withToken);
		fromOldInvite.send(JSON.stringify({ type: 'subscribe', topics: [`kept-${keys.room}`] }));
		noToken.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
		withToken.send(JSON.stringify({ type: 'subscribe', topics: [topic], tokens: [token] }));
		let sent = 0;
		const sendJunk = () => {
			sent++;
			for (const [ws, room] of [
				[fromOldInvite, `kept-${keys.room}`],
				[noToken, topic],
				[withToken, topic]
			] as const) {
				ws.send(JSON.stringify({ type: 'publish', topic: room, data: junk(sent) }));
				ws.send(JSON.stringify({ type: 'publish', topic: room, data: '%% not base64 %%' }));
			}
		};
		sendJunk();
		const every2s = setInterval(sendJunk, 2000);

		try {
			// Edits keep crossing while the junk arrives, both ways.
			const rounds: [Device, Device, string][] = [
				[a, b, 'Alex R.'],
				[b, a, 'Sam K.'],
				[a, b, 'Alex'],
				[b, a, 'Sam']
			];
			for (const [from, to, name] of rounds) {
				await from.page.getByLabel('My name').fill(name);
				await from.page.getByRole('button', { name: 'Save name' }).click();
				await expect(
					to.page.getByRole('region', { name: 'My partner' }).getByText(name, { exact: true })
				).toBeVisible();
				await expectConnected(a.page, 'Sam', { timeout: 5_000 });
				await expectConnected(b.page, 'Alex', { timeout: 5_000 });
			}
			// At least six rounds of junk have arrived by now.
			await expect.poll(() => sent, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
		} finally {
			clearInterval(every2s);
		}

		// The token holder's junk reached the devices and was counted, not acted on; the others'
		// never reached them at all.
		for (const d of [a, b]) {
			await expect(d.page.getByTestId('unreadable-count')).toContainText(/^\s*\d+, sealed/);
			const counted = Number(
				(await d.page.getByTestId('unreadable-count').textContent())?.trim().split(',')[0]
			);
			expect(counted).toBeGreaterThanOrEqual(2 * 6);
			expect(counted).toBeLessThanOrEqual(2 * sent);
			await expectConnected(d.page, d === a ? 'Sam' : 'Alex');
			await expect(d.page.getByText(/different key|old invite|keys don/)).toHaveCount(0);
		}
		// Settings says it plainly, at every size and in both themes.
		await a.page.getByTestId('unreadable-count').scrollIntoViewIfNeeded();
		await checkEveryWay(a.page, 'settings-set-aside', () =>
			expect(a.page.getByTestId('unreadable-count')).toBeVisible()
		);
		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		for (const ws of sockets) ws.terminate();
		await closeDevices(a, b);
	}
});
