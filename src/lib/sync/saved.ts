/**
 * A document's saved copy on this device, through y-indexeddb, opened without paying twice for
 * the load. Yjs encodes each transaction's update for whoever listens to 'update', and
 * y-indexeddb listens from the start: loading years of saved rows would encode the whole
 * document again only for y-indexeddb to skip it (it ignores its own load). So its listener
 * is attached only once the saved rows are in, or as soon as anything else writes.
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

type Store = (update: Uint8Array, origin: unknown) => void;

/** Opens the saved copy named `name` into `doc`; `whenSynced` resolves once it is loaded. */
export function openSaved(name: string, doc: Y.Doc): IndexeddbPersistence {
	const persistence = new IndexeddbPersistence(name, doc);
	const inner = persistence as unknown as { _storeUpdate: Store; _destroyed: boolean };
	const store = inner._storeUpdate;
	doc.off('update', store);
	let attached = false;
	const attach = () => {
		if (attached) return;
		attached = true;
		doc.off('beforeTransaction', onTransaction);
		if (!inner._destroyed) doc.on('update', store);
	};
	// A write before the load is done (another part of the app, a slow disk) is saved as usual.
	const onTransaction = (transaction: Y.Transaction) => {
		if (transaction.origin !== persistence) attach();
	};
	doc.on('beforeTransaction', onTransaction);
	void persistence.whenSynced.then(attach);
	return persistence;
}
