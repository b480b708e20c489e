/**
 * A document's saved copy on this device, through y-indexeddb, with two changes to when it
 * writes:
 *
 * - Opening does not pay twice for the load. Yjs encodes each transaction's update for whoever
 *   listens to 'update', and y-indexeddb listens from the start: loading years of saved rows
 *   would encode the whole document again only for y-indexeddb to skip it (it ignores its own
 *   load). So its listener is attached only once the saved rows are in, or as soon as anything
 *   else writes.
 * - A change made here is handed to IndexedDB a microtask after it is made, before anything
 *   else can run, instead of in the middle of the change's listeners: the send to the partner,
 *   which listens to the same event, goes out first instead of waiting for the disk. A change
 *   that arrived from a peer, who keeps it too, is handed over in the next task, once the
 *   screen has shown it. `whenWritten` hands over what is pending before it waits.
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

type Store = (update: Uint8Array, origin: unknown) => void;

const handOver = new WeakMap<IndexeddbPersistence, () => void>();

/** Opens the saved copy named `name` into `doc`; `whenSynced` resolves once it is loaded. */
export function openSaved(name: string, doc: Y.Doc): IndexeddbPersistence {
	const persistence = new IndexeddbPersistence(name, doc);
	const inner = persistence as unknown as { _storeUpdate: unknown; _destroyed: boolean };
	const store = inner._storeUpdate as Store;
	doc.off('update', store);

	const pending: [Uint8Array, unknown][] = [];
	let timer: ReturnType<typeof setTimeout> | undefined;
	const drain = () => {
		clearTimeout(timer);
		timer = undefined;
		for (const [update, origin] of pending.splice(0)) store(update, origin);
	};
	const deferred = (
		update: Uint8Array,
		origin: unknown,
		_doc: Y.Doc,
		transaction: Y.Transaction
	) => {
		pending.push([update, origin]);
		// What the person typed here is handed over before anything else runs. What arrived from
		// a peer (who keeps it too) waits until the screen has shown it.
		if (transaction.local) queueMicrotask(drain);
		else timer ??= setTimeout(drain, 0);
	};
	// y-indexeddb's destroy() takes its listeners off by these names; what is pending is
	// handed over first (the database closes only after that).
	inner._storeUpdate = deferred;
	const destroy = persistence.destroy;
	doc.off('destroy', destroy);
	persistence.destroy = () => {
		drain();
		return destroy();
	};
	doc.on('destroy', persistence.destroy);
	handOver.set(persistence, drain);

	let attached = false;
	const attach = () => {
		if (attached) return;
		attached = true;
		doc.off('beforeTransaction', onTransaction);
		if (!inner._destroyed) doc.on('update', deferred);
	};
	// A write before the load is done (another part of the app, a slow disk) is saved as usual.
	const onTransaction = (transaction: Y.Transaction) => {
		if (transaction.origin !== persistence) attach();
	};
	doc.on('beforeTransaction', onTransaction);
	void persistence.whenSynced.then(attach);
	return persistence;
}

/**
 * Resolves once every change made so far is committed to IndexedDB (rejects if the browser
 * aborts). y-indexeddb writes each update in its own transaction; a transaction on the same
 * store opened after them completes only once they have committed.
 */
export async function whenWritten(persistence: IndexeddbPersistence | null): Promise<void> {
	if (!persistence) return;
	handOver.get(persistence)?.();
	const db = persistence.db;
	if (!db) return;
	await new Promise<void>((resolve, reject) => {
		const tx = db.transaction(['updates'], 'readonly');
		tx.oncomplete = () => resolve();
		tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('write aborted'));
	});
}
