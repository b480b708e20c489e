/**
 * Keeping one Y.Doc in step through its mailbox. Local changes are merged and sealed a few
 * seconds after the last edit (and when the page is put away), kept until the server
 * acknowledges them, and retried with the same bytes. Fetching applies everything after this
 * device's cursor in one transaction; a blob that does not open is counted, never applied.
 */
import * as Y from 'yjs';
import { KIND, open, seal, type BlobKind } from './envelope';
import { RelayHttp, type PageMeta } from './http';
import type { RelayKeys } from './keys';
import { freshState, type MailboxState, type StateStore } from './state';
import {
	addToOutbox,
	catchUpOutbox,
	compactionCovers,
	equalBytes,
	seedFromHere,
	takeNext
} from './outbox';

/** The origin of changes that came through the mailbox: never uploaded again. */
export const RELAY_ORIGIN = 'kept:relay';

/** Where this mailbox stands, for the status and Settings. */
export interface MailboxStatus {
	/** Something written here is not yet in the mailbox. */
	waiting: boolean;
	/** Why the mailbox can't be used now, if it can't. */
	problem?: 'gone' | 'full' | 'unreachable' | 'refused';
	lastUploadAt?: number;
	/** When something new from another device last arrived through the mailbox. */
	lastArrivalAt?: number;
	/** Blobs that did not open with this key, set aside. */
	unreadable: number;
}

/** How to run one mailbox. */
export interface MailboxSyncOptions {
	doc: Y.Doc;
	keys: RelayKeys;
	/** The server's origin, e.g. https://kept.example. */
	base: string;
	store: StateStore;
	/** Changes from peers and from disk: the device that made them uploads them. */
	isRemote: (origin: unknown) => boolean;
	flushDelayMs?: number;
	now?: () => number;
	onChange?: () => void;
}

/** A running mailbox; `stop()` detaches it. */
export class MailboxSync {
	readonly #o: Required<Omit<MailboxSyncOptions, 'onChange'>> & { onChange: () => void };
	readonly #http: RelayHttp;
	#state: MailboxState = freshState();
	#queue: Promise<unknown> = Promise.resolve();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;
	#problem: MailboxStatus['problem'];
	#unreadable = 0;
	#meta: PageMeta | undefined;

	constructor(options: MailboxSyncOptions) {
		this.#o = { flushDelayMs: 800, now: Date.now, onChange: () => undefined, ...options };
		this.#http = new RelayHttp(options.base, options.keys);
	}

	/** Loads this device's record, starts listening, fetches, and sends what waits. */
	async start(): Promise<void> {
		this.#state = (await this.#o.store.load(this.#o.keys.mailboxId)) ?? freshState();
		catchUpOutbox(this.#state, this.#o.doc);
		seedFromHere(this.#state, this.#o.doc);
		this.#o.doc.on('update', this.#onUpdate);
		await this.sync();
	}

	/** Fetches what is new, then sends what waits. */
	sync(): Promise<void> {
		return this.#serial(async () => {
			await this.#pull();
			await this.#flush(false);
			await this.#maybeCompact();
		});
	}

	/** Fetches what is new (on a notice from the server). */
	pull(): Promise<void> {
		return this.#serial(() => this.#pull());
	}

	/** Sends what waits now; `keepalive` when the page is being put away. */
	flush(keepalive = false): Promise<void> {
		clearTimeout(this.#timer);
		return this.#serial(() => this.#flush(keepalive));
	}

	status(): MailboxStatus {
		const s = this.#state;
		return {
			waiting: !!s.outbox || !!s.pending || (s.needsSeed && !this.#problem),
			problem: this.#problem,
			lastUploadAt: s.lastUploadAt,
			lastArrivalAt: s.lastArrivalAt,
			unreadable: this.#unreadable
		};
	}

	/** The server's counts of the last page fetched. */
	get meta(): PageMeta | undefined {
		return this.#meta;
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
		this.#o.doc.off('update', this.#onUpdate);
	}

	/** Stops and forgets this device's record (the mailbox was turned off). */
	async forget(): Promise<void> {
		this.stop();
		await this.#queue.catch(() => undefined);
		await this.#o.store.remove(this.#o.keys.mailboxId);
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (origin === RELAY_ORIGIN || this.#o.isRemote(origin)) return;
		addToOutbox(this.#state, update);
		void this.#save();
		this.#o.onChange();
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), this.#o.flushDelayMs);
	};

	#serial<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(() => (this.#stopped ? (undefined as T) : fn()));
		this.#queue = run.catch(() => undefined);
		return run.finally(() => this.#o.onChange());
	}

	#save(): Promise<void> {
		this.#state.sv = Y.encodeStateVector(this.#o.doc);
		return this.#o.store.save(this.#o.keys.mailboxId, this.#state).catch(() => undefined);
	}

	#retry(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.sync(), ms);
	}

	async #pull(): Promise<void> {
		const s = this.#state;
		for (let pages = 0; pages < 100; pages++) {
			const result = await this.#http.page(s.cursor);
			if (result.status === 'absent' || result.status === 'cursor-ahead') {
				// Expired, or a server restored from an old backup: start over and seed.
				Object.assign(s, { cursor: 0, incarnation: null, lossyFloor: 0, needsSeed: true });
				this.#problem = undefined;
				return this.#save();
			}
			if (result.status === 'rate') return this.#retry(result.retryAfterMs);
			if (result.status !== 'ok') return this.#fail(result.status);
			const { meta, blobs } = result;
			this.#problem = undefined;
			this.#meta = meta;
			if (s.incarnation !== null && s.incarnation !== meta.incarnation) {
				Object.assign(s, { cursor: 0, lossyFloor: 0, needsSeed: true });
				s.incarnation = meta.incarnation;
				continue;
			}
			s.incarnation = meta.incarnation;
			if (meta.lossyFloor > s.lossyFloor) {
				// Something expired before every device saw it; whoever holds it puts it back.
				s.lossyFloor = meta.lossyFloor;
				s.needsSeed = true;
			}
			await this.#apply(blobs);
			await this.#save();
			if (!meta.more) return;
		}
	}

	async #apply(blobs: { id: number; body: Uint8Array }[]): Promise<void> {
		const updates: Uint8Array[] = [];
		for (const blob of blobs) {
			const opened = await open(this.#o.keys, blob.body);
			if (opened) updates.push(opened.update);
			else this.#unreadable++;
			this.#state.cursor = Math.max(this.#state.cursor, blob.id);
		}
		if (updates.length === 0) return;
		const doc = this.#o.doc;
		const before = Y.encodeStateVector(doc);
		Y.applyUpdate(doc, Y.mergeUpdates(updates), RELAY_ORIGIN);
		if (!equalBytes(before, Y.encodeStateVector(doc))) this.#state.lastArrivalAt = this.#o.now();
	}

	async #flush(keepalive: boolean): Promise<void> {
		// A retried envelope first, then what waits behind it.
		for (let round = 0; round < 4; round++) {
			if (!this.#state.pending && !(await this.#prepare())) return;
			if (!(await this.#send(keepalive))) return;
		}
	}

	/** Seals what waits into the pending envelope; false when nothing waits. */
	async #prepare(): Promise<boolean> {
		const s = this.#state;
		const next = takeNext(s, this.#o.doc);
		if (!next) return false;
		s.seq++;
		s.pending = { seq: s.seq, ...next, body: await this.#seal(next.kind, s.seq, 0, next.update) };
		await this.#save();
		return true;
	}

	/** Sends the pending envelope; true once it is acknowledged (or dropped for a seed). */
	async #send(keepalive: boolean): Promise<boolean> {
		const s = this.#state;
		for (let tries = 0; tries < 3 && s.pending; tries++) {
			const result = await this.#http.post(s.pending.body, keepalive);
			if (result.status === 'stored') {
				s.pending = null;
				if (result.id === s.cursor + 1) s.cursor = result.id;
				s.lastUploadAt = this.#o.now();
				this.#problem = undefined;
			} else if (result.status === 'conflict') {
				// This device's counter went back (a restored backup): jump past what the server saw.
				const kind = s.pending.kind as BlobKind;
				const update: Uint8Array = s.pending.update;
				s.seq = Math.max(s.seq, result.maxSeq) + 1;
				s.pending = { seq: s.seq, kind, update, body: await this.#seal(kind, s.seq, 0, update) };
			} else if (result.status === 'refused') {
				// Never applied anywhere; its changes go up again inside a seed.
				s.pending = null;
				s.needsSeed = true;
				this.#problem = 'refused';
				await this.#save();
				return false;
			} else if (result.status === 'rate') {
				this.#retry(result.retryAfterMs);
				return false;
			} else {
				if (result.status === 'full') await this.#compact(s.cursor);
				this.#fail(result.status);
				await this.#save();
				return false;
			}
			await this.#save();
		}
		return !s.pending;
	}

	/** Folds blobs old enough into a snapshot (keeping the recent ones a phone away fetches). */
	async #maybeCompact(): Promise<void> {
		const covers = compactionCovers(this.#meta, this.#state);
		if (covers > 0) await this.#compact(covers);
	}

	async #compact(covers: number): Promise<void> {
		const s = this.#state;
		if (covers === 0) return;
		s.seq++;
		await this.#save();
		const update = Y.encodeStateAsUpdate(this.#o.doc);
		const result = await this.#http.post(await this.#seal(KIND.snapshot, s.seq, covers, update));
		if (result.status === 'stored' && result.id === s.cursor + 1) s.cursor = result.id;
		await this.#save();
	}

	#seal(kind: BlobKind, seq: number, covers: number, update: Uint8Array) {
		return seal(this.#o.keys, { kind, seq, covers }, update);
	}

	#fail(problem: 'gone' | 'full' | 'unreachable' | 'refused'): void {
		this.#problem = problem;
		if (problem === 'gone') return this.stop();
		this.#retry(problem === 'unreachable' ? 15_000 : 60_000);
	}
}
