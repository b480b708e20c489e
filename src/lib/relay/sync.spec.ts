import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createApp, type App } from '../../../server/app';
import { openSqliteStore } from '../../../server/relay/sqlite';
import { toBase64Url } from '../sync/base64';
import { KIND, seal } from './envelope';
import { deleteMailbox, RelayHttp } from './http';
import { deriveRelayKeys } from './keys';
import { memoryStateStore, type StateStore } from './state';
import { MailboxSync } from './sync';

const DAY = 24 * 60 * 60 * 1000;
let root: string;
let app: App;
let base: string;
let clock: number;

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'kept-mailbox-'));
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kept</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => app.close());

async function server(): Promise<void> {
	clock = Date.UTC(2026, 2, 1);
	app = createApp({
		root,
		port: 0,
		relay: { store: openSqliteStore(':memory:'), now: () => clock }
	});
	base = await app.listen();
}

const spaceKey = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

/** One device: its document (its IndexedDB copy, in effect), its mailbox record, its sync. */
class Phone {
	doc = new Y.Doc();
	sync: MailboxSync | null = null;
	constructor(
		readonly key: string,
		readonly name: string,
		readonly store: StateStore = memoryStateStore()
	) {}

	/** Opens Kept: loads, fetches what is new, sends what waits. */
	async open(epoch = 0): Promise<void> {
		const keys = await deriveRelayKeys(this.key, 'space', epoch, this.name);
		this.sync = new MailboxSync({
			doc: this.doc,
			keys,
			base,
			store: this.store,
			isRemote: () => false,
			flushDelayMs: 60_000,
			now: () => clock
		});
		await this.sync.start();
	}

	/** Puts Kept away: what waits is sent, then nothing runs. */
	async close(): Promise<void> {
		await this.sync?.flush();
		this.sync?.stop();
	}

	note(id: string, text: string): void {
		this.doc.getMap('notes').set(id, text);
	}

	notes(): Record<string, unknown> {
		return this.doc.getMap('notes').toJSON();
	}
}

describe('partners who are never online together', () => {
	test('Alex edits and closes; Sam opens later and sees it; Sam’s reply reaches Alex next time', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		const sam = new Phone(key, 'sam');
		await alex.open();
		alex.note('morning', 'Called at 8 as agreed');
		await alex.close();
		clock += 4 * 60 * 60 * 1000;
		await sam.open();
		expect(sam.notes()).toEqual({ morning: 'Called at 8 as agreed' });
		expect(sam.sync?.status().lastArrivalAt).toBe(clock);
		sam.note('reply', 'Thank you');
		await sam.close();
		await alex.open();
		expect(alex.notes()).toEqual({ morning: 'Called at 8 as agreed', reply: 'Thank you' });
	});

	test('45 days apart, both editing the same things: both end with the same, merged space', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		const sam = new Phone(key, 'sam');
		await alex.open();
		alex.doc.getText('why').insert(0, 'We rebuild trust.');
		await alex.close();
		await sam.open();
		await sam.close();
		for (let day = 0; day < 45; day++) {
			clock += DAY;
			await alex.open();
			alex.note(`alex-${day}`, `day ${day}`);
			alex.note('shared', `Alex on day ${day}`);
			await alex.close();
		}
		// Sam, offline for all 45 days, edited the same text and the same note.
		sam.doc.getText('why').insert(0, 'Slowly. ');
		sam.note('shared', 'Sam, offline');
		await sam.open();
		await sam.close();
		await alex.open();
		expect(sam.doc.getText('why').toString()).toBe(alex.doc.getText('why').toString());
		expect(alex.doc.getText('why').toString()).toContain('Slowly. ');
		expect(alex.notes()).toEqual(sam.notes());
		expect(Object.keys(alex.notes())).toHaveLength(46);
		// The mailbox folded what was older than three weeks into a snapshot on the way.
		expect(alex.sync?.meta?.floor).toBeGreaterThan(0);
	});

	test('a new device that catches up sends back only what it held, not the space it downloaded', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		await alex.open();
		for (let i = 0; i < 200; i++)
			alex.note(`n${i}`, 'a longer line of what we agreed to, kept '.repeat(3));
		await alex.close();
		const http = new RelayHttp(base, await deriveRelayKeys(key, 'space', 0, 'x'));
		const before = (await http.describe())?.bytes ?? 0;
		const laptop = new Phone(key, 'laptop');
		await laptop.open();
		await laptop.close();
		expect(Object.keys(laptop.notes())).toHaveLength(200);
		expect(((await http.describe())?.bytes ?? 0) - before).toBeLessThan(600);
	});

	test('after an app update the device carries on from its saved record: nothing resent, nothing lost', async () => {
		await server();
		const key = spaceKey();
		const store = memoryStateStore();
		const alex = new Phone(key, 'alex', store);
		await alex.open();
		alex.note('a', 'before the update');
		await alex.close();
		const before = [...store.records.values()][0];
		// The new version of the app opens the same saved document and record.
		const updated = new Phone(key, 'alex', store);
		Y.applyUpdate(updated.doc, Y.encodeStateAsUpdate(alex.doc));
		await updated.open();
		updated.note('b', 'after the update');
		await updated.close();
		const after = [...store.records.values()][0];
		expect(after.seq).toBe(before.seq + 1);
		const sam = new Phone(key, 'sam');
		await sam.open();
		expect(sam.notes()).toEqual({ a: 'before the update', b: 'after the update' });
	});
});

describe('faults', () => {
	test('a blob sealed with another key is counted and set aside; the rest still arrives', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		await alex.open();
		alex.note('x', 'real');
		await alex.close();
		// Someone holding the token (not the key) adds junk.
		const keys = await deriveRelayKeys(key, 'space', 0, 'mallory');
		const forged = await seal(
			{ ...keys, encKey: (await deriveRelayKeys(spaceKey(), 'space', 0, 'm')).encKey },
			{ kind: KIND.update, seq: 1, covers: 0 },
			Y.encodeStateAsUpdate(new Y.Doc())
		);
		expect((await new RelayHttp(base, keys).post(forged)).status).toBe('stored');
		const sam = new Phone(key, 'sam');
		await sam.open();
		expect(sam.notes()).toEqual({ x: 'real' });
		expect(sam.sync?.status().unreadable).toBe(1);
	});

	test('a lost answer is retried with the same bytes and stored once', async () => {
		await server();
		const key = spaceKey();
		const store = memoryStateStore();
		const alex = new Phone(key, 'alex', store);
		await alex.open();
		alex.note('x', 'once');
		await alex.close();
		// Replay the record as if the answer to the last upload had been lost.
		const record = [...store.records.values()][0];
		const keys = await deriveRelayKeys(key, 'space', 0, 'alex');
		const page = await new RelayHttp(base, keys).page(0);
		const count = page.status === 'ok' ? page.blobs.length : -1;
		const lastBody = page.status === 'ok' ? page.blobs.at(-1)?.body : undefined;
		record.pending = {
			seq: record.seq,
			kind: KIND.update,
			update: new Uint8Array(),
			body: new Uint8Array(lastBody ?? [])
		};
		await store.save(keys.mailboxId, record);
		const again = new Phone(key, 'alex', store);
		Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(alex.doc));
		await again.open();
		const after = await new RelayHttp(base, keys).page(0);
		expect(after.status === 'ok' && after.blobs.length).toBe(count);
		expect(again.sync?.status().waiting).toBe(false);
	});

	test('turned off by the partner: deleted on the server at once, and this device stops', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		const sam = new Phone(key, 'sam');
		await alex.open();
		await sam.open();
		expect(await deleteMailbox(base, key, 'space', 0)).toBe(true);
		sam.note('late', 'after it was turned off');
		await sam.sync?.flush();
		expect(sam.sync?.status().problem).toBe('gone');
		const keys = await deriveRelayKeys(key, 'space', 0, 'x');
		expect((await new RelayHttp(base, keys).page(0)).status).toBe('gone');
	});

	test('a server wiped or restored from an old backup: the devices notice and put everything back', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		const sam = new Phone(key, 'sam');
		await alex.open();
		alex.note('a', 'one');
		alex.note('b', 'two');
		await alex.close();
		await sam.open();
		await sam.close();
		// The same address, an empty store: every cursor is now ahead of the head, or the mailbox absent.
		await app.close();
		app = createApp({
			root,
			port: Number(new URL(base).port),
			relay: { store: openSqliteStore(':memory:'), now: () => clock }
		});
		await app.listen();
		sam.note('c', 'three');
		await sam.open();
		await sam.close();
		const carol = new Phone(key, 'laptop');
		await carol.open();
		expect(carol.notes()).toEqual({ a: 'one', b: 'two', c: 'three' });
	});

	test('when nobody opens Kept for 60 days the server forgets; the next device to open puts everything back', async () => {
		await server();
		const key = spaceKey();
		const alex = new Phone(key, 'alex');
		const sam = new Phone(key, 'sam');
		await alex.open();
		alex.note('x', 'kept safe on the phones');
		await alex.close();
		clock += 61 * DAY;
		await app.relay.sweep();
		await alex.open();
		await alex.close();
		await sam.open();
		expect(sam.notes()).toEqual({ x: 'kept safe on the phones' });
	});
});
