import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { eraseBrowserData } from './erase';

function memoryStorage(): Storage {
	const map = new Map<string, string>();
	return {
		get length() {
			return map.size;
		},
		clear: () => map.clear(),
		getItem: (k) => map.get(k) ?? null,
		key: (i) => [...map.keys()][i] ?? null,
		removeItem: (k) => void map.delete(k),
		setItem: (k, v) => void map.set(k, v)
	};
}

test('erasing deletes every database, both storages and data caches, but not the app’s files', async () => {
	for (const name of ['kept-space-r1', 'kept-private-j1', 'kept-space-old']) {
		const doc = new Y.Doc();
		const p = new IndexeddbPersistence(name, doc);
		await p.whenSynced;
		doc.getMap('m').set('k', 'v');
		await p.destroy();
	}
	const localStorage = memoryStorage();
	localStorage.setItem('kept.device.v1', '{"space":{}}');
	const sessionStorage = memoryStorage();
	sessionStorage.setItem('x', 'y');
	const cacheNames = new Set(['workbox-precache-v2-x', 'kept-data']);
	const caches = {
		keys: async () => [...cacheNames],
		delete: async (n: string) => cacheNames.delete(n)
	} as unknown as CacheStorage;

	await eraseBrowserData({ indexedDB, localStorage, sessionStorage, caches });

	expect(await indexedDB.databases()).toEqual([]);
	expect(localStorage.length).toBe(0);
	expect(sessionStorage.length).toBe(0);
	expect([...cacheNames]).toEqual(['workbox-precache-v2-x']);
});
