import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { shareInsight, withdrawInsight } from '../journal/insights';
import { compactSaved } from './compact';

async function savedRows(name: string): Promise<string> {
	const db = await new Promise<IDBDatabase>((resolve) => {
		const req = indexedDB.open(name);
		req.onsuccess = () => resolve(req.result);
	});
	const rows = await new Promise<Uint8Array[]>((resolve) => {
		const req = db.transaction(['updates']).objectStore('updates').getAll();
		req.onsuccess = () => resolve(req.result);
	});
	db.close();
	return rows.map((r) => Buffer.from(r).toString('latin1')).join('\n');
}

test('after compacting, withdrawn words are gone from disk and everything else reloads', async () => {
	const doc = new Y.Doc();
	const saved = new IndexeddbPersistence('kept-space-compact', doc);
	await saved.whenSynced;
	const id = shareInsight(doc, 'alex', 'Words to take back later.', 1)!;
	shareInsight(doc, 'alex', 'Words that stay.', 2);
	withdrawInsight(doc, id, 'alex', 3);
	expect(await savedRows('kept-space-compact')).toContain('Words to take back');

	expect(await compactSaved('kept-space-compact', doc)).toBe(true);
	doc.getMap('later').set('k', 'written after compacting');
	await new Promise((r) => setTimeout(r, 10));
	const rows = await savedRows('kept-space-compact');
	expect(rows).not.toContain('Words to take back');
	await saved.destroy();

	const reloaded = new Y.Doc();
	const again = new IndexeddbPersistence('kept-space-compact', reloaded);
	await again.whenSynced;
	expect(Y.encodeStateAsUpdate(reloaded)).toEqual(Y.encodeStateAsUpdate(doc));
	await again.destroy();
});

test('compacting a database that isn’t there creates nothing', async () => {
	expect(await compactSaved('kept-space-missing', new Y.Doc())).toBe(false);
	expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('kept-space-missing');
});
