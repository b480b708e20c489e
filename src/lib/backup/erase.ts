/**
 * Erasing everything Kept holds in this browser, for "Erase everything on this device": every
 * IndexedDB database of this origin (both documents of any space ever opened here), local and
 * session storage (device settings, keys, the last backup date) and any data caches. The service
 * worker's copy of the app itself stays, so Kept still opens — empty — offline.
 */

/** The browser storage this touches; the real globals in the app, fakes in tests. */
export interface BrowserStores {
	indexedDB?: IDBFactory;
	localStorage?: Storage;
	sessionStorage?: Storage;
	caches?: CacheStorage;
}

/** Deletes everything; `known` names databases to delete where the browser can't list them. */
export async function eraseBrowserData(
	stores: BrowserStores = globalThis,
	known: readonly string[] = []
): Promise<void> {
	const idb = stores.indexedDB;
	if (idb) {
		const listed = await idb.databases?.().catch(() => []);
		const names = new Set([...known, ...(listed ?? []).map((d) => d.name ?? '')]);
		names.delete('');
		await Promise.all([...names].map((name) => deleteDatabase(idb, name)));
	}
	stores.localStorage?.clear();
	stores.sessionStorage?.clear();
	const caches = stores.caches;
	if (caches) {
		const names = await caches.keys().catch(() => []);
		// workbox-precache-* is the app's own files (no data); everything else goes.
		const data = names.filter((n) => !n.startsWith('workbox-precache'));
		await Promise.all(data.map((n) => caches.delete(n).catch(() => false)));
	}
}

function deleteDatabase(idb: IDBFactory, name: string): Promise<void> {
	return new Promise((resolve) => {
		try {
			const req = idb.deleteDatabase(name);
			req.onsuccess = req.onerror = req.onblocked = () => resolve();
		} catch {
			resolve();
		}
	});
}
