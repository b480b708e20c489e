/**
 * Opening a space on this device: the shared document from IndexedDB, the link to the
 * partner's devices, and the facts the status is made of. One `close()` undoes it all.
 */
import * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { openSaved, whenWritten } from './saved';
import { Awareness } from 'y-protocols/awareness';
import { activePartners, isPaired } from '../partners/partners';
import type { DeviceSpace } from './device';
import type { PeerSync } from './webrtc';
import type { SyncFacts } from './status';
import { onQuietErrors } from './quiet-errors';
import { keyCheck } from './room-token';
import { compactSaved } from '../backup/compact';
import { heldFrom, onWithdrawalArrived } from '../journal/insights';
import { roots } from '../schema';
import { Mailboxes, relayBaseFor, type SignalingConn } from '../relay/mailboxes';

/** What the person on this device shares with peers about themselves, live, never stored. */
export interface Presence {
	partnerId: string;
	/**
	 * What they are editing now, if anything (the contract shows "Sam is editing …"). Only which
	 * thing: the partner names it from their own copy, so typing sends no presence at all.
	 */
	editing?: { kind: string; id: string };
	/**
	 * A check value of this person's journal key (`keyCheck`), so their own devices notice when
	 * they hold different journal keys. It reveals nothing of the key.
	 */
	journalCheck?: string;
	/**
	 * The ids of the latest insights from the partner this device holds (`heldFrom`), so the
	 * partner's screen can say an insight has arrived rather than guess.
	 */
	insightsHeld?: string[];
}

/** How to open a space. */
export interface OpenOptions {
	device: DeviceSpace;
	signaling: string;
	/** The STUN/TURN servers; when absent, the ones the server hands out (`/relay/v1/ice`). */
	iceServers?: RTCIceServer[];
	relayOnly?: boolean;
	/** Called whenever a status fact changes. */
	onChange?: () => void;
}

const LOAD_TIMEOUT_MS = 10_000;

/** The IndexedDB database name of a space's shared document. */
export function spaceDbName(room: string): string {
	return `kept-space-${room}`;
}

/** The IndexedDB database name of one person's private document (their journal, drafts). */
export function privateDbName(room: string): string {
	return `kept-private-${room}`;
}

/** An open space. */
export class Space {
	readonly doc = new Y.Doc();
	/**
	 * This person's private document: their journal and unrevealed check-in answers. It syncs
	 * only with their own devices (its own room and key, which the partner never holds).
	 */
	readonly privateDoc = new Y.Doc();
	readonly awareness: Awareness;
	readonly device: DeviceSpace;
	storage: 'ok' | 'unavailable' | 'full' = 'ok';
	/** True once what this device had saved is loaded into the document. */
	loaded = false;
	lookingSince = Date.now();
	/** When one of this person's own devices last said it holds another journal key. */
	journalKeyMismatchAt: number | undefined;
	#persistence: IndexeddbPersistence | null = null;
	#sync: PeerSync | null = null;
	#privatePersistence: IndexeddbPersistence | null = null;
	#privateSync: PeerSync | null = null;
	#privateAwareness: Awareness | null = null;
	/** Who is here, said to peers on joining a room (leaving one clears it). */
	#presence: Presence;
	/** Insights of this person's that a partner's device said it holds, while we were linked. */
	readonly #delivered = new Set<string>();
	#options: OpenOptions;
	#mailboxes: Mailboxes | null = null;
	/** The link started without the ICE servers our server hands out: it couldn't be reached. */
	#iceAwaitsNetwork = false;
	#cleanups: (() => void)[] = [];
	#closed = false;

	constructor(options: OpenOptions) {
		this.#options = options;
		this.device = options.device;
		this.awareness = new Awareness(this.doc);
		const journal = options.device.journal;
		this.#presence = {
			partnerId: options.device.me,
			...(journal ? { journalCheck: keyCheck(journal.key) } : {})
		};
		this.awareness.setLocalState(this.#presence);
	}

	/**
	 * An own device (same partner id) that reports another journal key check holds a different
	 * journal key: the journals cannot sync, and the person is told so. The check travels in
	 * presence over the synced link, so no stranger can raise it.
	 */
	#checkJournalKeys = (): void => {
		const mine = (this.awareness.getLocalState() as Partial<Presence> | null)?.journalCheck;
		if (!mine) return;
		for (const [client, state] of this.awareness.getStates()) {
			if (client === this.doc.clientID) continue;
			const p = state as Partial<Presence>;
			if (p.partnerId === this.device.me && p.journalCheck && p.journalCheck !== mine) {
				this.journalKeyMismatchAt = Date.now();
				this.#options.onChange?.();
				return;
			}
		}
	};

	/** Loads saved data, then starts looking for peers. Resolves when the data is on screen. */
	async open(): Promise<void> {
		const changed = () => this.#options.onChange?.();
		this.#cleanups.push(
			onQuietErrors({
				// y-webrtc's signaling no longer throws on such messages (PeerSync counts them); a
				// stray one from elsewhere (another tab's channel) is only kept out of the console.
				keyMismatch: () => undefined,
				storageFull: () => {
					this.storage = 'full';
					changed();
				}
			})
		);
		if (!(await indexedDbWorks())) {
			this.storage = 'unavailable';
		} else {
			this.#persistence = openSaved(spaceDbName(this.device.room), this.doc);
			// Words a partner withdrew leave this device's disk too, not only later syncs.
			this.#cleanups.push(
				onWithdrawalArrived(this.doc, () => {
					void compactSaved(spaceDbName(this.device.room), this.doc);
				})
			);
			const journal = this.device.journal;
			this.#privatePersistence = journal
				? openSaved(privateDbName(journal.room), this.privateDoc)
				: null;
			await Promise.race([
				Promise.all([this.#persistence.whenSynced, this.#privatePersistence?.whenSynced]),
				delay(LOAD_TIMEOUT_MS)
			]);
		}
		this.loaded = true;
		if (this.#persistence) this.#startMailboxes();
		// For the benchmarks: when saved data was in memory, apart from rendering it.
		performance.mark?.('kept:data-loaded');
		changed();
		// WebRTC (y-webrtc, simple-peer) loads after the saved data is on screen: the first
		// paint never waits for it, and a brand-new visitor does not download it at all.
		await this.#startSync();
		if (this.#closed) return;
		this.awareness.on('change', changed);
		this.awareness.on('change', this.#checkJournalKeys);
		this.awareness.on('change', this.#noteDelivered);
		const insights = roots.insights(this.doc);
		insights.observe(this.#sayHeld);
		this.#sayHeld();
		this.#cleanups.push(() => {
			this.awareness.off('change', changed);
			this.awareness.off('change', this.#checkJournalKeys);
			this.awareness.off('change', this.#noteDelivered);
			insights.unobserve(this.#sayHeld);
		});
		const onNet = (event: Event) => {
			this.lookingSince = Date.now();
			if (event.type === 'online' && this.#iceAwaitsNetwork) void this.reconnect(this.#options);
			changed();
		};
		window.addEventListener('online', onNet);
		window.addEventListener('offline', onNet);
		const tick = setInterval(changed, 2_000);
		this.#cleanups.push(() => {
			window.removeEventListener('online', onNet);
			window.removeEventListener('offline', onNet);
			clearInterval(tick);
		});
		changed();
	}

	/** Tells peers which of the partner's insights this device holds, when that changes. */
	#sayHeld = (): void => {
		const held = heldFrom(this.doc, this.device.me);
		const now = this.#presence.insightsHeld ?? [];
		if (held.length === now.length && held.every((id, i) => id === now[i])) return;
		this.#presence = { ...this.#presence, insightsHeld: held };
		if (this.awareness.getLocalState()) this.awareness.setLocalStateField('insightsHeld', held);
	};

	/** Remembers which of this person's insights a partner's device said it holds. */
	#noteDelivered = (): void => {
		let added = false;
		for (const [client, state] of this.awareness.getStates()) {
			if (client === this.doc.clientID) continue;
			const p = state as Partial<Presence>;
			if (!p.partnerId || p.partnerId === this.device.me || !Array.isArray(p.insightsHeld))
				continue;
			for (const id of p.insightsHeld) {
				if (typeof id === 'string' && !this.#delivered.has(id)) {
					this.#delivered.add(id);
					added = true;
				}
			}
		}
		if (added) this.#options.onChange?.();
	};

	/** Whether a partner's device has said it holds this insight (since this page opened). */
	delivered(insightId: string): boolean {
		return this.#delivered.has(insightId);
	}

	/**
	 * Joins both rooms through the signaling server and ICE servers in the options. Whatever
	 * link ran before is gone first, its sockets included, so this device is in each room once.
	 */
	async #startSync(): Promise<void> {
		const [{ PeerSync }, fromServer] = await Promise.all([
			import('./webrtc'),
			this.#options.iceServers ?? serverIceServers(this.#relayBase())
		]);
		// With no network the server's ICE list can't be had: the link starts without it (tabs
		// still sync) and starts again with it once the network is back (see onNet).
		this.#iceAwaitsNetwork = fromServer === null;
		const iceServers = fromServer ?? [];
		if (this.#closed) return;
		this.#stopSync();
		const changed = () => this.#options.onChange?.();
		// Leaving a room clears this device's presence: say again who is here.
		if (!this.awareness.getLocalState()) this.awareness.setLocalState(this.#presence);
		// A partner waiting for the space's key (a one-time invite not yet answered) keeps its own
		// entry here and joins no shared room until the key arrives.
		// A message that can't be opened is only counted (the status mentions it after several in
		// a row); it never tears down a working link. See PeerSync.
		this.#sync = this.device.key
			? new PeerSync(this.doc, this.awareness, {
					key: this.device.key,
					signaling: this.#options.signaling,
					iceServers,
					relayOnly: this.#options.relayOnly,
					// The status says "connected" the moment a peer has synced, not at the next tick.
					onLinkChange: () => changed(),
					onUnreadable: () => changed()
				})
			: null;
		if (this.device.journal) {
			this.#privateAwareness = new Awareness(this.privateDoc);
			this.#privateSync = new PeerSync(this.privateDoc, this.#privateAwareness, {
				key: this.device.journal.key,
				signaling: this.#options.signaling,
				iceServers,
				relayOnly: this.#options.relayOnly
			});
		}
		const provider = (this.#sync ?? this.#privateSync)?.provider;
		// Notices of new blobs come over the signaling socket y-webrtc already keeps open.
		if (provider) {
			this.#mailboxes?.listen(provider.signalingConns as unknown as SignalingConn[]);
		}
		this.#sync?.provider.on('peers', changed);
		this.#sync?.provider.on('synced', changed);
		this.lookingSince = Date.now();
		changed();
	}

	#stopSync(): void {
		this.#sync?.destroy();
		this.#sync = null;
		this.#privateSync?.destroy();
		this.#privateSync = null;
		this.#privateAwareness?.destroy();
		this.#privateAwareness = null;
	}

	/**
	 * Leaves both rooms and joins them again with other connection settings (Settings → Sync).
	 * The document and what is saved stay as they are; only the way to the peers changes.
	 */
	async reconnect(
		settings: Pick<OpenOptions, 'signaling' | 'iceServers' | 'relayOnly'>
	): Promise<void> {
		const base = this.#relayBase();
		this.#options = { ...this.#options, ...settings };
		if (this.#closed || !this.loaded) return;
		this.#stopSync();
		// Another signaling server may mean another mailbox server: the mailboxes follow it.
		if (this.#mailboxes && this.#relayBase() !== base) {
			this.#mailboxes.close();
			this.#startMailboxes();
		}
		await this.#startSync();
	}

	#relayBase(): string {
		return relayBaseFor(this.#options.signaling);
	}

	/** The mailboxes start with the saved data, before (and without) any peer link. */
	#startMailboxes(): void {
		const persistence = this.#persistence;
		const privatePersistence = this.#privatePersistence;
		this.#mailboxes = new Mailboxes({
			doc: this.doc,
			privateDoc: this.privateDoc,
			device: this.device,
			base: this.#relayBase(),
			// What came from disk or from a peer is uploaded by the device that made it.
			isRemote: (origin) =>
				origin === persistence ||
				origin === privatePersistence ||
				(!!origin &&
					(origin === this.#sync?.provider.room || origin === this.#privateSync?.provider.room)),
			onChange: () => this.#options.onChange?.()
		});
		void this.#mailboxes.update();
	}

	/** The mailboxes of this space ("Deliver while we're apart"), once loaded. */
	get mailboxes(): Mailboxes | null {
		return this.#mailboxes;
	}

	/** Peers that are synced, split into the partner's devices and this person's own. */
	syncedPeers(): { partner: number; own: number } {
		const synced = this.#sync?.links.filter((l) => l.synced).length ?? 0;
		if (synced === 0) return { partner: 0, own: 0 };
		let partner = 0;
		let own = 0;
		for (const [client, state] of this.awareness.getStates()) {
			if (client === this.doc.clientID) continue;
			const p = (state as Partial<Presence>).partnerId;
			if (!p) continue;
			if (p === this.device.me) own++;
			else partner++;
		}
		return { partner: Math.min(partner, synced), own: Math.min(own, synced) };
	}

	/** Everything the status needs, as of now. */
	facts(lastPartnerSyncAt: number | undefined): SyncFacts {
		const peers = this.syncedPeers();
		return {
			storage: this.storage,
			// A partner who joined from an invite is looking for whoever sent it, even before the
			// first sync (with an out-of-date invite, that first sync never comes).
			paired:
				this.device.via === 'joined' ||
				isPaired(this.doc) ||
				activePartners(this.doc).some((p) => p.id !== this.device.me),
			online: typeof navigator === 'undefined' ? true : navigator.onLine,
			signalingConnected: this.#sync?.signalingConnected ?? false,
			partnerPeers: peers.partner,
			ownPeers: peers.own,
			lookingSince: this.lookingSince,
			lastPartnerSyncAt,
			unreadable: this.#sync?.unreadable,
			mailbox: this.#mailboxes?.status('space'),
			now: Date.now()
		};
	}

	/** Peer connections, for Settings' sync details. */
	links() {
		return this.#sync?.links ?? [];
	}

	/** Messages for this space that could not be opened with its key (set aside, for Settings). */
	unreadableCount(): number {
		return this.#sync?.unreadable.total ?? 0;
	}

	/** Tells peers what this person is editing (or nothing). */
	setEditing(editing: Presence['editing']): void {
		// Every awareness change is sent to every peer: send only a real change.
		const now = (this.awareness.getLocalState() as Partial<Presence> | null)?.editing;
		if (now?.kind === editing?.kind && now?.id === editing?.id) return;
		this.awareness.setLocalStateField('editing', editing);
	}

	/** Resolves once every pending change is written to IndexedDB. */
	async flushed(): Promise<void> {
		const written = (p: IndexeddbPersistence | null) => whenWritten(p).catch(() => undefined);
		await Promise.all([written(this.#persistence), written(this.#privatePersistence)]);
	}

	/** Leaves the network and frees everything; the saved data stays unless erased. */
	close(): void {
		this.#closed = true;
		for (const c of this.#cleanups.splice(0)) c();
		this.#mailboxes?.close();
		this.#mailboxes = null;
		this.#stopSync();
		void this.#persistence?.destroy();
		this.#persistence = null;
		void this.#privatePersistence?.destroy();
		this.#privatePersistence = null;
		this.privateDoc.destroy();
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** Closes the space and deletes its saved data from this device. */
	async erase(): Promise<void> {
		const persistence = this.#persistence;
		const privatePersistence = this.#privatePersistence;
		this.#persistence = null;
		this.#privatePersistence = null;
		this.close();
		if (persistence) await persistence.clearData().catch(() => undefined);
		if (privatePersistence) await privatePersistence.clearData().catch(() => undefined);
		await deleteDatabase(spaceDbName(this.device.room));
		if (this.device.journal) await deleteDatabase(privateDbName(this.device.journal.room));
	}
}

/** The ICE servers the server hands out; none when it can't be asked within a few seconds. */
async function serverIceServers(base: string): Promise<RTCIceServer[] | null> {
	try {
		const res = await fetch(`${base}/relay/v1/ice`, {
			cache: 'no-store',
			signal: AbortSignal.timeout(3_000)
		});
		const body = (await res.json()) as { iceServers?: RTCIceServer[] };
		return Array.isArray(body.iceServers) ? body.iceServers : [];
	} catch {
		return null;
	}
}

function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** Deletes one IndexedDB database; resolves even if the browser refuses. */
export function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		try {
			const req = indexedDB.deleteDatabase(name);
			req.onsuccess = req.onerror = req.onblocked = () => resolve();
		} catch {
			resolve();
		}
	});
}

/** Whether this browser lets us open an IndexedDB database at all (private modes may not). */
async function indexedDbWorks(): Promise<boolean> {
	if (typeof indexedDB === 'undefined') return false;
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), 5_000);
		try {
			const req = indexedDB.open('kept-probe');
			req.onsuccess = () => {
				clearTimeout(timer);
				req.result.close();
				resolve(true);
			};
			req.onerror = () => {
				clearTimeout(timer);
				resolve(false);
			};
		} catch {
			clearTimeout(timer);
			resolve(false);
		}
	});
}
