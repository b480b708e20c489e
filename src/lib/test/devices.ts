/**
 * Devices for the convergence fuzzer: each holds the shared document and its owner's private
 * document, each persisted with y-indexeddb (on fake-indexeddb) as the app persists them, and
 * can be closed and reopened from what it saved — with a fresh Yjs client id every time, as a
 * new page load would have. Test-only.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { storeState, type IndexeddbPersistence } from 'y-indexeddb';
import { openSaved, whenWritten } from '../sync/saved';
import type { PartnerId } from '../schema';

/** One document on one device, and its IndexedDB copy. */
export class Replica {
	doc: Y.Doc | null = null;
	#persistence: IndexeddbPersistence | null = null;

	constructor(
		readonly device: string,
		readonly group: string,
		readonly dbName: string
	) {}

	/** The node id of this replica on the simulated network. */
	get id(): string {
		return `${this.device}/${this.group}`;
	}

	/** Loads the doc from IndexedDB into a fresh Y.Doc with the given client id. */
	async open(clientID: number): Promise<Y.Doc> {
		if (this.doc) throw new Error(`${this.id} is already open`);
		const doc = new Y.Doc();
		doc.clientID = clientID;
		const persistence = openSaved(this.dbName, doc);
		// Compaction runs only when the walk asks for it: a timer firing mid-run would make runs
		// differ from one another.
		persistence._storeTimeout = 1e9;
		await persistence.whenSynced;
		this.doc = doc;
		this.#persistence = persistence;
		return doc;
	}

	/** Resolves once every change made so far is committed to IndexedDB. */
	flush(): Promise<void> {
		return whenWritten(this.#persistence);
	}

	/** y-indexeddb's compaction: all rows replaced by one encoded state. */
	async compact(): Promise<void> {
		if (this.#persistence) await storeState(this.#persistence, true);
		await this.flush();
	}

	/** Destroys the doc and its persistence; the saved data stays. */
	async close(): Promise<void> {
		const persistence = this.#persistence;
		const doc = this.doc;
		this.#persistence = null;
		this.doc = null;
		await persistence?.destroy();
		doc?.destroy();
	}
}

/** A device: its owner, its clock error, and its two documents. */
export class Device {
	readonly shared: Replica;
	readonly private: Replica;
	isOpen = false;

	constructor(
		readonly name: string,
		readonly partner: PartnerId,
		/** How far this device's clock is off, in ms. */
		readonly skew: number,
		/** Which private document this device holds (both of one partner's devices hold the same). */
		privateGroup: string,
		dbPrefix: string
	) {
		this.shared = new Replica(name, 'shared', `${dbPrefix}-${name}-shared`);
		this.private = new Replica(name, privateGroup, `${dbPrefix}-${name}-${privateGroup}`);
	}

	/** Both replicas. */
	get replicas(): Replica[] {
		return [this.shared, this.private];
	}
}
