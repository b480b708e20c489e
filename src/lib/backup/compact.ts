/**
 * Compacting a document's saved copy on this device. y-indexeddb keeps one row per update and
 * merges them only after 500, so words a person withdrew or erased would linger on disk in old
 * rows. Writing the current state as one row and deleting the rows before it removes them here.
 */
import * as Y from 'yjs';

/**
 * Replaces the saved rows of `dbName` by one row holding `doc`'s current state. Resolves false,
 * changing nothing, when the database isn't there or the browser refuses.
 */
export function compactSaved(
	dbName: string,
	doc: Y.Doc,
	idb: IDBFactory | undefined = globalThis.indexedDB
): Promise<boolean> {
	return new Promise((resolve) => {
		if (!idb) return resolve(false);
		const req = idb.open(dbName);
		// Never create a database that wasn't there.
		req.onupgradeneeded = () => req.transaction?.abort();
		req.onerror = () => resolve(false);
		req.onsuccess = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains('updates')) {
				db.close();
				return resolve(false);
			}
			// Encoded and queued in one go: every write y-indexeddb queued earlier is already in
			// the doc (so in this state), and every later one lands after this row and is kept.
			const state = Y.encodeStateAsUpdate(doc);
			const tx = db.transaction(['updates'], 'readwrite');
			const store = tx.objectStore('updates');
			const added = store.add(state);
			added.onsuccess = () => store.delete(IDBKeyRange.upperBound(added.result, true));
			tx.oncomplete = () => {
				db.close();
				resolve(true);
			};
			tx.onerror = tx.onabort = () => {
				db.close();
				resolve(false);
			};
		};
	});
}
