import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { openSaved, whenWritten } from './saved';

let n = 0;
const freshName = () => `saved-spec-${++n}`;

async function reopen(name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const saved = openSaved(name, doc);
	await saved.whenSynced;
	await saved.destroy();
	return doc;
}

/** Calls `seen` with the store each time a row is about to be written to IndexedDB. */
function onDiskWrite(seen: (store: IDBObjectStore) => void): void {
	const add = IDBObjectStore.prototype.add;
	vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<typeof add>
	) {
		seen(this);
		return add.apply(this, args);
	});
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the saved copy of a document', () => {
	test('what is written after loading is kept, with what was loaded', async () => {
		const name = freshName();
		const first = new Y.Doc();
		const a = openSaved(name, first);
		await a.whenSynced;
		first.getMap('log').set('e1', { day: '2026-11-01', note: 'Called as agreed' });
		await whenWritten(a);
		await a.destroy();

		const second = new Y.Doc();
		const b = openSaved(name, second);
		await b.whenSynced;
		expect(second.getMap('log').get('e1')).toEqual({ day: '2026-11-01', note: 'Called as agreed' });
		second.getMap('log').set('e2', { day: '2026-11-02', note: 'On time' });
		await whenWritten(b);
		await b.destroy();

		const third = await reopen(name);
		expect([...third.getMap('log').keys()].sort()).toEqual(['e1', 'e2']);
	});

	test('a write made while the saved rows are still loading is kept too', async () => {
		const name = freshName();
		const seed = new Y.Doc();
		const s = openSaved(name, seed);
		await s.whenSynced;
		seed.getText('clause').insert(0, 'Text my partner when I leave work.');
		await whenWritten(s);
		await s.destroy();

		const doc = new Y.Doc();
		const saved = openSaved(name, doc);
		doc.getMap('log').set('early', { day: '2026-11-03' });
		await saved.whenSynced;
		doc.getMap('log').set('late', { day: '2026-11-04' });
		await whenWritten(saved);
		await saved.destroy();

		const back = await reopen(name);
		expect(back.getText('clause').toString()).toBe('Text my partner when I leave work.');
		expect([...back.getMap('log').keys()].sort()).toEqual(['early', 'late']);
	});

	test('changes made or received just before closing are kept, whichever way it closes', async () => {
		const name = freshName();
		const doc = new Y.Doc();
		const saved = openSaved(name, doc);
		await saved.whenSynced;
		const peer = new Y.Doc();
		peer.getMap('log').set('from-partner', { day: '2026-11-05' });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), 'peer');
		await saved.destroy();

		const again = new Y.Doc();
		const reopened = openSaved(name, again);
		await reopened.whenSynced;
		again.getMap('log').set('then-closed', { day: '2026-11-06' });
		again.destroy();
		await reopened._db;

		const back = await reopen(name);
		expect([...back.getMap('log').keys()].sort()).toEqual(['from-partner', 'then-closed']);
	});

	test('once whenWritten resolves, the change is committed to disk', async () => {
		const doc = new Y.Doc();
		const saved = openSaved(freshName(), doc);
		await saved.whenSynced;
		const writes: { done: boolean }[] = [];
		onDiskWrite((store) => {
			const write = { done: false };
			writes.push(write);
			store.transaction.addEventListener('complete', () => (write.done = true));
		});
		doc.getMap('log').set('e1', { day: '2026-11-08' });
		await whenWritten(saved);
		expect(writes.length).toBe(1);
		expect(writes[0].done).toBe(true);
		await saved.destroy();
	});

	test('a change reaches other listeners, such as the send to peers, before the disk', async () => {
		const doc = new Y.Doc();
		const saved = openSaved(freshName(), doc);
		await saved.whenSynced;
		const order: string[] = [];
		onDiskWrite(() => order.push('disk'));
		doc.on('update', () => order.push('peers'));
		doc.getMap('log').set('e1', { day: '2026-11-07' });
		await whenWritten(saved);
		expect(order).toEqual(['peers', 'disk']);
		await saved.destroy();
	});

	test('a change from a peer shows before it is saved, and is saved in the next task', async () => {
		const name = freshName();
		const doc = new Y.Doc();
		const saved = openSaved(name, doc);
		await saved.whenSynced;
		const peer = new Y.Doc();
		peer.getMap('log').set('from-partner', { day: '2026-11-09' });
		const order: string[] = [];
		onDiskWrite(() => order.push('disk'));
		// The page updates in a microtask; what is drawn is seen in a microtask after that.
		doc.getMap('log').observe(() => {
			queueMicrotask(() => queueMicrotask(() => order.push('screen')));
		});
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), 'peer');
		await new Promise((resolve) => setTimeout(resolve, 0));
		await whenWritten(saved);
		expect(order).toEqual(['screen', 'disk']);
		await saved.destroy();
		const back = await reopen(name);
		expect(back.getMap('log').get('from-partner')).toEqual({ day: '2026-11-09' });
	});
});
