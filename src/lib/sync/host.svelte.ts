/**
 * The app's hold on this device's space: which space is open, its status, and the actions
 * that change membership (create, join, add a device, leave). Set once in the root layout
 * and reached through context, so tests can give any page a fresh one.
 */
import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { writeInitialContent, isFromNewerApp, roots } from '../schema';
import {
	activePartners,
	addPartner,
	isRefused,
	otherPartner,
	withdrawPartner
} from '../partners/partners';
import { ensureContractTexts } from '../contract/contract';
import {
	forgetDevice,
	loadDevice,
	saveDevice,
	signalingUrlFor,
	type DeviceSettings,
	type DeviceSpace,
	type KeyValueStore
} from './device';
import { newJournalKeys, newSpaceKeys, randomToken, type Invite } from './invite';
import { deleteDatabase, Space } from './space';
import { DEVICE_DB, loadDeviceDurably, saveDeviceDurably } from './device-store';
import { deriveStatus, describeStatus, type SyncState } from './status';
import {
	agreement,
	journalMailbox,
	privateRelayRoot,
	setJournalConsent,
	setSpaceConsent,
	type Agreement
} from '../relay/consent';
import { deleteMailbox } from '../relay/http';
import { relayBaseFor } from '../relay/mailboxes';
import type { MailboxStatus } from '../relay/sync';
import type { RelayScope } from '../relay/keys';

/** "Deliver while we're apart" as Settings shows it. */
export interface MailboxView {
	space: Agreement;
	journal: { on: boolean; epoch: number };
	/** The shared space's mailbox while it runs. */
	status?: MailboxStatus;
	journalStatus?: MailboxStatus;
}

/** How often "last synced" is refreshed while connected, so a crash loses little. */
const PARTNER_SYNC_SAVE_MS = 5_000;

/** This device's space, opened or not, with a live status. */
export class SpaceHost {
	#store: KeyValueStore;
	#origin: string;
	#settings = $state<DeviceSettings>({});
	#space = $state.raw<Space | null>(null);
	#version = $state(0);
	/** One subscriber per open space: reading through it re-runs the reader when the doc changes. */
	#subscribers = new WeakMap<Space, () => void>();
	#durable: Promise<void> = Promise.resolve();
	/** Set when this device's join was refused: the space already had two partners. */
	refused = $state(false);

	constructor(store: KeyValueStore, origin: string) {
		this.#store = store;
		this.#origin = origin;
		this.#settings = loadDevice(store);
	}

	/** Makes the current reader depend on the open space's partners and schema version. */
	#docSubscribe(): void {
		const space = this.#space;
		if (space) this.#subscribers.get(space)?.();
	}

	/** Device settings (read-only copy; change them through the methods). */
	get settings(): DeviceSettings {
		return this.#settings;
	}

	/** The open space, once its saved data is loaded. */
	get space(): Space | null {
		void this.#version;
		return this.#space?.loaded ? this.#space : null;
	}

	/** Whether this device belongs to a space at all (it may still be loading). */
	get hasSpace(): boolean {
		return !!this.#settings.space;
	}

	/** The partner using this device. */
	get me() {
		this.#docSubscribe();
		const space = this.space;
		return space ? activePartners(space.doc).find((p) => p.id === space.device.me) : undefined;
	}

	/** The other partner, once they have joined. */
	get partner() {
		this.#docSubscribe();
		const space = this.space;
		return space ? otherPartner(space.doc, space.device.me) : undefined;
	}

	/** A newer app wrote this space: show it, but write nothing. */
	get readOnly(): boolean {
		this.#docSubscribe();
		const space = this.space;
		return !!space && isFromNewerApp(space.doc);
	}

	/** The sync status, re-derived whenever a fact changes. */
	get status(): SyncState {
		void this.#version;
		this.#docSubscribe();
		const space = this.#space;
		if (!space?.loaded) return { kind: 'offline' };
		return deriveStatus(space.facts(this.#settings.lastPartnerSyncAt));
	}

	/** A calm note when this person's devices hold different journal keys, else null. */
	get journalNotice(): string | null {
		void this.#version;
		const at = this.#space?.journalKeyMismatchAt;
		if (!at || Date.now() - at > 5 * 60_000) return null;
		return 'Your journal isn’t syncing between your own devices: one of them has a different journal key. On the device whose journal is complete, open Invite → “Add my other device”, and add this device again with that fresh link. Nothing has been lost.';
	}

	/** Whether the partner's device has said it holds this insight of mine. */
	insightDelivered(insightId: string): boolean {
		void this.#version;
		return this.#space?.delivered(insightId) ?? false;
	}

	/** The status in words, for the header, Home and Settings. */
	get statusWords() {
		const made = this.#settings.space?.via === 'created';
		return describeStatus(this.status, this.partner?.name, Date.now(), made);
	}

	/** Who agreed to the mailbox, and where it stands; null without an open space. */
	get mailbox(): MailboxView | null {
		void this.#version;
		this.#docSubscribe();
		const space = this.space;
		if (!space) return null;
		return {
			space: agreement(space.doc, space.privateDoc, space.device.me),
			journal: journalMailbox(space.privateDoc),
			status: space.mailboxes?.status('space'),
			journalStatus: space.mailboxes?.status('journal')
		};
	}

	/**
	 * This person turns the shared mailbox on or off. Off deletes it on the server now (retried
	 * at the next start if the server can't be reached) and stops both partners' devices.
	 */
	async setMailbox(on: boolean): Promise<boolean> {
		const space = this.space;
		if (!space) return false;
		const before = agreement(space.doc, space.privateDoc, space.device.me).epoch;
		setSpaceConsent(space.doc, space.privateDoc, space.device.me, on);
		await space.mailboxes?.update();
		this.#version++;
		return on || this.#deleteMailbox(space.device.key, 'space', before);
	}

	/** This person's own devices share the journal through its own mailbox, or stop (and delete it). */
	async setJournalMailbox(on: boolean): Promise<boolean> {
		const space = this.space;
		const key = space?.device.journal?.key;
		if (!space || !key) return false;
		const before = journalMailbox(space.privateDoc).epoch;
		setJournalConsent(space.privateDoc, on);
		await space.mailboxes?.update();
		this.#version++;
		return on || this.#deleteMailbox(key, 'journal', before);
	}

	async #deleteMailbox(key: string, scope: RelayScope, epoch: number): Promise<boolean> {
		const base = relayBaseFor(this.signalingUrl);
		const done = await deleteMailbox(base, key, scope, epoch);
		if (!done) {
			const later = [...(this.#settings.mailboxDeletes ?? []), { scope, epoch, key }];
			this.#update({ mailboxDeletes: later });
		}
		return done;
	}

	/** The offer after pairing was answered; it is not made again on this device. */
	markMailboxOffered(): void {
		this.#update({ mailboxOffered: true });
	}

	/** Deletions the server could not be reached for: tried again at each start. */
	async #retryMailboxDeletes(): Promise<void> {
		const waiting = this.#settings.mailboxDeletes ?? [];
		if (waiting.length === 0) return;
		const base = relayBaseFor(this.signalingUrl);
		const left = [];
		for (const d of waiting)
			if (!(await deleteMailbox(base, d.key, d.scope, d.epoch))) left.push(d);
		this.#update({ mailboxDeletes: left.length ? left : undefined });
	}

	/** Opens the space this device belongs to, if any. */
	async start(): Promise<void> {
		if (!this.#settings.space) {
			// localStorage may have lost what IndexedDB kept (a crash right after joining).
			const durable = await loadDeviceDurably();
			if (durable?.space) {
				this.#settings = durable;
				saveDevice(this.#store, durable);
			}
		}
		if (this.#settings.space && !this.#space) await this.#open(this.#settings.space);
		void this.#retryMailboxDeletes();
	}

	/** Creates a new space with this person as its first partner. */
	async create(name: string): Promise<void> {
		const keys = newSpaceKeys();
		const me = randomToken(12);
		const device: DeviceSpace = {
			...keys,
			me,
			via: 'created',
			addedAt: Date.now(),
			journal: newJournalKeys()
		};
		this.#update({ space: device });
		const space = await this.#open(device);
		writeInitialContent(space.doc, { id: me, name }, Date.now());
		ensureContractTexts(space.doc);
		await Promise.all([space.flushed(), this.#durable]);
		void this.#askPersist();
	}

	/** Joins a space from an invite. A partner gives their name; an own device gives nothing. */
	async join(invite: Invite, name: string): Promise<void> {
		const device: DeviceSpace =
			invite.kind === 'partner'
				? {
						room: invite.room,
						key: invite.key,
						me: randomToken(12),
						via: 'joined',
						addedAt: Date.now(),
						journal: newJournalKeys()
					}
				: {
						room: invite.room,
						key: invite.key,
						me: invite.partnerId,
						via: 'added',
						addedAt: Date.now(),
						journal: invite.journal
					};
		this.refused = false;
		this.#update({ space: device, lastPartnerSyncAt: undefined, lastSyncAt: undefined });
		const space = await this.#open(device);
		// A joining partner writes only their own entry before the first sync.
		if (invite.kind === 'partner') addPartner(space.doc, device.me, name, Date.now());
		await Promise.all([space.flushed(), this.#durable]);
		void this.#askPersist();
	}

	/**
	 * Sets up a device that has no space yet from a backup: its settings first, then `fill`
	 * merges the backup's documents into the opened space, and both are saved before resolving.
	 */
	async restore(settings: DeviceSettings, fill: (space: Space) => void): Promise<void> {
		if (!settings.space || this.#settings.space) return;
		this.refused = false;
		this.#update({ ...settings, lastPartnerSyncAt: undefined, lastSyncAt: undefined });
		const space = await this.#open(settings.space);
		fill(space);
		await Promise.all([space.flushed(), this.#durable]);
		void this.#askPersist();
	}

	/** Leaves the space on this device: closes it and erases its data here. */
	async leave(): Promise<void> {
		const space = this.#space;
		this.#space = null;
		if (space) await space.erase();
		forgetDevice(this.#store);
		await this.#durable;
		await deleteDatabase(DEVICE_DB);
		this.#settings = {};
		this.refused = false;
		this.#version++;
	}

	/** Changes device settings that affect syncing, then leaves the rooms and joins them with these. */
	async configure(
		change: Pick<DeviceSettings, 'signalingUrl' | 'iceServers' | 'relayOnly'>
	): Promise<void> {
		this.#update(change);
		// Only the way to the peers changes: the open document, and every screen showing it, stay.
		await this.#space?.reconnect({
			signaling: this.signalingUrl,
			iceServers: this.#settings.iceServers ?? [],
			relayOnly: this.#settings.relayOnly ?? false
		});
		this.#version++;
	}

	/** The signaling server this device uses. */
	get signalingUrl(): string {
		return signalingUrlFor(this.#settings, this.#origin);
	}

	async #open(device: DeviceSpace): Promise<Space> {
		const space = new Space({
			device,
			signaling: this.signalingUrl,
			// None set here: the ones the server hands out.
			iceServers: this.#settings.iceServers?.length ? this.#settings.iceServers : undefined,
			relayOnly: this.#settings.relayOnly ?? false,
			onChange: () => this.#onChange(space)
		});
		this.#subscribers.set(
			space,
			// Only the partners and the schema version: what the host's own answers (who is who,
			// read-only, the sync status) are read from. A keystroke in a clause re-runs none of them.
			createSubscriber((update) => {
				const watched = [
					roots.partners(space.doc),
					roots.meta(space.doc),
					roots.relay(space.doc),
					privateRelayRoot(space.privateDoc)
				];
				for (const type of watched) type.observeDeep(update);
				return () => {
					for (const type of watched) type.unobserveDeep(update);
				};
			})
		);
		this.#space = space;
		await space.open();
		this.#version++;
		return space;
	}

	#onChange(space: Space): void {
		if (space !== this.#space) return;
		const peers = space.syncedPeers();
		const now = Date.now();
		const device = this.#settings.space;
		if (device && peers.partner + peers.own > 0) {
			const patch: Partial<DeviceSettings> = {};
			if (!device.firstSyncAt) patch.space = { ...device, firstSyncAt: now };
			if (
				peers.partner > 0 &&
				now - (this.#settings.lastPartnerSyncAt ?? 0) > PARTNER_SYNC_SAVE_MS
			) {
				patch.lastPartnerSyncAt = now;
			}
			if (now - (this.#settings.lastSyncAt ?? 0) > PARTNER_SYNC_SAVE_MS) patch.lastSyncAt = now;
			if (Object.keys(patch).length) this.#update(patch);
			if (roots.meta(space.doc).has('schemaVersion') && isRefused(space.doc, device.me)) {
				withdrawPartner(space.doc, device.me, now);
				this.refused = true;
			}
		}
		this.#version++;
	}

	#update(patch: Partial<DeviceSettings>): void {
		this.#settings = { ...this.#settings, ...patch };
		saveDevice(this.#store, this.#settings);
		// Writes are chained so the last settings are the ones kept.
		this.#durable = this.#durable.then(() => saveDeviceDurably(this.#settings));
	}

	async #askPersist(): Promise<void> {
		try {
			const granted = (await navigator.storage?.persist?.()) ?? false;
			this.#update({ persistGranted: granted });
		} catch {
			this.#update({ persistGranted: false });
		}
	}

	/** Asks again whether storage is persistent (Settings shows it). */
	async refreshPersisted(): Promise<boolean> {
		try {
			const granted = (await navigator.storage?.persisted?.()) ?? false;
			this.#update({ persistGranted: granted });
			return granted;
		} catch {
			return false;
		}
	}

	/** Asks the browser to keep this device's data (Settings offers it when not granted). */
	requestPersist(): Promise<void> {
		return this.#askPersist();
	}
}

/** The space host, shared with every page through context. */
export const [getHost, setHost] = createContext<SpaceHost>();
