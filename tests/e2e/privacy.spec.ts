import { expect, test } from '@playwright/test';
import { createApp, type App } from '../../server/app';
import { roomAccess } from '../../src/lib/sync/room-token';
import {
	addOwnDevice,
	deviceKeys,
	dumpIndexedDb,
	selectWords,
	writeEntry
} from './journal-helpers';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device,
	waitForSaved
} from './peers';

/**
 * The privacy proof. Three browser processes — Alex's phone (A), Alex's laptop (A2) and Sam's
 * phone (B) — on a server this test runs itself, so it sees every frame the signaling server
 * relays. What Alex writes in the journal reaches Alex's laptop and nothing of Sam's; what Alex
 * chooses to share reaches Sam.
 */
test('a journal stays on its author’s devices; only a chosen insight reaches the partner', async () => {
	const frames: { topic: string; frame: string }[] = [];
	let app: App | undefined;
	let a: Device | undefined;
	let a2: Device | undefined;
	let b: Device | undefined;
	try {
		app = createApp({
			root: 'build',
			port: 0,
			host: '127.0.0.1',
			signal: { onRelay: (topic, frame) => frames.push({ topic, frame }) }
		});
		// localhost, not 127.0.0.1: both are secure contexts, and the app's origin check expects it.
		const origin = (await app.listen()).replace('127.0.0.1', 'localhost');
		const unique = Math.random().toString(36).slice(2, 10);
		const marker = `journal-only-${unique}`;
		const insight = `shared-by-choice-${unique}`;
		[a, a2, b] = await Promise.all(
			['A', 'A2', 'B'].map((name) => launchDevice(name, { baseURL: origin }))
		);

		const link = await createSpace(a.page, 'Alex');
		await joinFromLink(b.page, link, 'Sam');
		await expectConnected(a.page, 'Sam');

		await writeEntry(a.page, `Private: ${marker} stays with me. Worth sharing: ${insight} helps.`);
		await waitForSaved(a.page);
		await addOwnDevice(a, a2, 'Alex');
		await a2.page.goto('/journal');
		await expect(a2.page.getByRole('list', { name: 'Entries' })).toContainText(marker, {
			timeout: 30_000
		});

		await a.page.goto('/journal');
		await a.page.getByRole('link', { name: new RegExp(marker) }).click();
		await selectWords(a.page, 'What’s on your mind', `${insight} helps.`);
		await a.page.getByRole('button', { name: 'Use the words I selected' }).click();
		await expect(a.page.getByTestId('insight-preview')).toHaveText(`${insight} helps.`);
		await a.page.getByRole('button', { name: 'Share with Sam' }).click();

		await b.page.goto('/journal/shared');
		await expect(b.page.getByRole('region', { name: 'Shared with you' })).toContainText(
			`${insight} helps.`,
			{ timeout: 30_000 }
		);
		for (const d of [a, a2, b]) await waitForSaved(d.page);

		const alex = await deviceKeys(a.page);
		const sam = await deviceKeys(b.page);
		expect(await deviceKeys(a2.page)).toMatchObject({ room: alex.room, journal: alex.journal });
		expect(sam.journal.room).not.toBe(alex.journal.room);

		// Sam's device: the chosen words are there (the reading works), the journal is not.
		const samDb = await dumpIndexedDb(b.page);
		expect(samDb.text).toContain(insight);
		expect(samDb.text).not.toContain(marker);
		expect(samDb.text).not.toContain('stays with me');
		expect(samDb.names).not.toContain(`kept-private-${alex.journal.room}`);
		const samEverything = [
			samDb.text,
			samDb.names.join('\n'),
			await b.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })),
			await b.page.content()
		].join('\n');
		for (const secret of [marker, alex.journal.key, alex.journal.room]) {
			expect(samEverything).not.toContain(secret);
		}

		// Alex's laptop holds the entry itself (the same reading finds it there).
		expect((await dumpIndexedDb(a2.page)).text).toContain(marker);

		// The signaling server relayed frames for both rooms (named by tokens derived from their
		// keys, never by the room ids in the links), and none carries words or keys.
		const sharedTopic = roomAccess(alex.key).topic;
		const journalTopic = roomAccess(alex.journal.key).topic;
		expect(frames.some((f) => f.topic === sharedTopic)).toBe(true);
		expect(frames.some((f) => f.topic === journalTopic)).toBe(true);
		expect(frames.some((f) => f.topic.includes(alex.room))).toBe(false);
		const journalFrames = frames.filter((f) => f.topic === journalTopic).length;
		test.info().annotations.push({
			type: 'relayed frames',
			description: `${frames.length} in all, ${journalFrames} for Alex’s journal room`
		});
		const relayed = frames.map((f) => f.frame).join('\n');
		for (const secret of [
			marker,
			insight,
			alex.key,
			alex.journal.key,
			sam.journal.key,
			roomAccess(alex.key).token,
			roomAccess(alex.journal.key).token
		]) {
			expect(relayed).not.toContain(secret);
		}
		for (const d of [a, a2, b]) expect(d.consoleErrors, d.name).toEqual([]);
	} finally {
		await closeDevices(a, a2, b);
		await app?.close();
	}
});
