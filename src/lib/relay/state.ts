/**
 * What one device remembers about one mailbox, in one IndexedDB record so the counter, the
 * cursor and the changes not yet delivered can never drift apart (a restored half would make
 * new uploads look like replays).
 */

/** A device's record for one mailbox. */
export interface MailboxState {
	/** The last sequence number this device used. */
	seq: number;
	/** The highest mailbox id applied here. */
	cursor: number;
	/** The mailbox's incarnation the cursor belongs to. */
	incarnation: string | null;
	lossyFloor: number;
	/** Local changes not yet sealed (merged Yjs update). */
	outbox: Uint8Array | null;
	/** A sealed envelope sent but not acknowledged: retried with the same bytes. */
	pending: { seq: number; kind: number; update: Uint8Array; body: Uint8Array<ArrayBuffer> } | null;
	/** Upload the whole state next (first use, or the mailbox lost something). */
	needsSeed: boolean;
	lastUploadAt?: number;
	lastArrivalAt?: number;
	/** The document's state vector when this record was saved: anything beyond it is new here. */
	sv?: Uint8Array;
}

/** A new device's record: it seeds first, so nothing it holds is missing from the mailbox. */
export function freshState(): MailboxState {
	return {
		seq: 0,
		cursor: 0,
		incarnation: null,
		lossyFloor: 0,
		outbox: null,
		pending: null,
		needsSeed: true
	};
}

/** Where records are kept. */
export interface StateStore {
	load(mailboxId: string): Promise<MailboxState | undefined>;
	save(mailboxId: string, state: MailboxState): Promise<void>;
	remove(mailboxId: string): Promise<void>;
}

const DB = 'kept-relay';
const STORE = 'mailboxes';

/** Records in IndexedDB (database "kept-relay"). */
export function indexedDbStateStore(): StateStore {
	let opening: Promise<IDBDatabase> | null = null;
	const db = () =>
		(opening ??= new Promise((resolve, reject) => {
			const req = indexedDB.open(DB, 1);
			req.onupgradeneeded = () => req.result.createObjectStore(STORE);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		}));
	const run = async <T>(
		mode: IDBTransactionMode,
		fn: (s: IDBObjectStore) => IDBRequest
	): Promise<T> => {
		const tx = (await db()).transaction(STORE, mode);
		const req = fn(tx.objectStore(STORE));
		return new Promise((resolve, reject) => {
			tx.oncomplete = () => resolve(req.result as T);
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	};
	return {
		load: (id) => run('readonly', (s) => s.get(id)),
		save: (id, state) => run('readwrite', (s) => s.put(state, id)),
		remove: (id) => run('readwrite', (s) => s.delete(id))
	};
}

/** Records in memory (tests). */
export function memoryStateStore(): StateStore & { records: Map<string, MailboxState> } {
	const records = new Map<string, MailboxState>();
	return {
		records,
		async load(id) {
			const state = records.get(id);
			return state && structuredClone(state);
		},
		async save(id, state) {
			records.set(id, structuredClone(state));
		},
		async remove(id) {
			records.delete(id);
		}
	};
}
