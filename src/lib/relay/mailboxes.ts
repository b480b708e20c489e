/**
 * A space's mailboxes on this device: the shared space's (on only when both partners agreed)
 * and the journal's (this person's own switch). Starts and stops them as consent and epochs
 * change, hears the server's notices on the open /signal socket, and sends what waits when
 * the page is put away. Plain TypeScript: `sync/space.ts` owns one.
 */
import type * as Y from 'yjs';
import { roots } from '../schema';
import type { DeviceSpace } from '../sync/device';
import { agreement, journalMailbox, privateRelayRoot } from './consent';
import { deriveRelayKeys, type RelayScope } from './keys';
import { indexedDbStateStore, type StateStore } from './state';
import { MailboxSync, type MailboxStatus } from './sync';

/** A y-webrtc signaling connection, as far as notices need it. */
export interface SignalingConn {
	connected?: boolean;
	send(message: object): void;
	on(event: string, fn: (...args: unknown[]) => void): void;
	off(event: string, fn: (...args: unknown[]) => void): void;
}

/** What a Mailboxes needs from its space. */
export interface MailboxesOptions {
	doc: Y.Doc;
	privateDoc: Y.Doc;
	device: DeviceSpace;
	/** The server's origin (the signaling server's host, over http(s)). */
	base: string;
	isRemote: (origin: unknown) => boolean;
	onChange: () => void;
	store?: StateStore;
}

/** How often an open page asks the mailbox, beside notices (which one instance may miss). */
const POLL_MS = 30_000;

interface Running {
	scope: RelayScope;
	epoch: number;
	sync: MailboxSync;
	token: string;
	mailboxId: string;
}

/** The mailboxes of one open space. */
export class Mailboxes {
	readonly #o: MailboxesOptions;
	readonly #store: StateStore;
	readonly #running = new Map<RelayScope, Running>();
	#conns: SignalingConn[] = [];
	#closed = false;
	#cleanups: (() => void)[] = [];

	constructor(options: MailboxesOptions) {
		this.#o = options;
		this.#store = options.store ?? indexedDbStateStore();
		const shared = roots.relay(options.doc);
		const own = privateRelayRoot(options.privateDoc);
		const partners = roots.partners(options.doc);
		const update = () => void this.update();
		shared.observe(update);
		own.observe(update);
		partners.observe(update);
		this.#cleanups.push(() => {
			shared.unobserve(update);
			own.unobserve(update);
			partners.unobserve(update);
		});
		const onHide = () => {
			if (document.visibilityState === 'hidden') this.#each((s) => void s.flush(true));
			else this.#each((s) => void s.sync());
		};
		const onPageHide = () => this.#each((s) => void s.flush(true));
		const onOnline = () => this.#each((s) => void s.sync());
		globalThis.document?.addEventListener('visibilitychange', onHide);
		globalThis.addEventListener?.('pagehide', onPageHide);
		globalThis.addEventListener?.('online', onOnline);
		const poll = setInterval(() => {
			if (globalThis.document?.visibilityState !== 'hidden') this.#each((s) => void s.pull());
		}, POLL_MS);
		this.#cleanups.push(() => {
			globalThis.document?.removeEventListener('visibilitychange', onHide);
			globalThis.removeEventListener?.('pagehide', onPageHide);
			globalThis.removeEventListener?.('online', onOnline);
			clearInterval(poll);
		});
	}

	/** Where the shared space's mailbox stands, or undefined while it is off. */
	status(scope: RelayScope = 'space'): MailboxStatus | undefined {
		return this.#running.get(scope)?.sync.status();
	}

	/** The running sync of a scope (Settings reads the server's counts through it). */
	sync(scope: RelayScope): MailboxSync | undefined {
		return this.#running.get(scope)?.sync;
	}

	/** Hears notices on these signaling connections (y-webrtc's, already open). */
	listen(conns: SignalingConn[]): void {
		this.#conns = conns;
		for (const conn of conns) {
			conn.on('message', this.#onMessage);
			conn.on('connect', this.#onConnect);
			this.#cleanups.push(() => {
				conn.off('message', this.#onMessage);
				conn.off('connect', this.#onConnect);
			});
		}
		this.#watch();
	}

	/** Starts, stops or moves each mailbox to match consent and epoch now. */
	async update(): Promise<void> {
		if (this.#closed) return;
		const { doc, privateDoc, device } = this.#o;
		const space = agreement(doc, privateDoc, device.me);
		await this.#ensure('space', space.agreed, space.epoch, device.key);
		const journal = journalMailbox(privateDoc);
		await this.#ensure(
			'journal',
			journal.on && !!device.journal,
			journal.epoch,
			device.journal?.key
		);
	}

	async #ensure(scope: RelayScope, on: boolean, epoch: number, key?: string): Promise<void> {
		const running = this.#running.get(scope);
		if (running && (!on || running.epoch !== epoch)) {
			this.#running.delete(scope);
			await running.sync.forget();
			this.#o.onChange();
		}
		if (!on || !key || this.#running.has(scope) || this.#closed) return;
		const keys = await deriveRelayKeys(
			key,
			scope,
			epoch,
			`${this.#o.device.me}:${this.#o.device.addedAt}`
		);
		if (this.#running.has(scope) || this.#closed) return;
		const sync = new MailboxSync({
			doc: scope === 'space' ? this.#o.doc : this.#o.privateDoc,
			keys,
			base: this.#o.base,
			store: this.#store,
			isRemote: this.#o.isRemote,
			onChange: this.#o.onChange
		});
		this.#running.set(scope, { scope, epoch, sync, token: keys.token, mailboxId: keys.mailboxId });
		this.#watch();
		await sync.start();
	}

	#onMessage = (message: unknown): void => {
		const m = message as { type?: string; mailbox?: string };
		if (m?.type !== 'relay-notice') return;
		for (const r of this.#running.values()) if (r.mailboxId === m.mailbox) void r.sync.pull();
	};

	#onConnect = (): void => {
		this.#watch();
		// Whatever arrived while the socket was down.
		this.#each((s) => void s.pull());
	};

	/** Asks the server for notices of every running mailbox (the token proves the right to). */
	#watch(): void {
		const tokens = [...this.#running.values()].map((r) => r.token);
		if (tokens.length === 0) return;
		for (const conn of this.#conns) if (conn.connected) conn.send({ type: 'relay-watch', tokens });
	}

	#each(fn: (sync: MailboxSync) => void): void {
		for (const r of this.#running.values()) fn(r.sync);
	}

	/** Sends what waits and stops everything (the space is closing). */
	close(): void {
		this.#closed = true;
		for (const c of this.#cleanups.splice(0)) c();
		for (const r of this.#running.values()) {
			void r.sync.flush(true).finally(() => r.sync.stop());
		}
		this.#running.clear();
	}
}

/** The http(s) origin of a signaling URL: the mailbox lives on the same server. */
export function relayBaseFor(signalingUrl: string): string {
	const url = new URL(signalingUrl);
	url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
	return url.origin;
}
