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
	partnersChangedBySync,
	pinPartners,
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
import {
	decideRequest,
	inviteStatus,
	newJournalKeys,
	newPartnerInvite,
	newSpaceKeys,
	randomToken,
	type Invite,
	type PendingInvite
} from './invite';
import {
	answer,
	answerFor,
	exportHandshakeKeys,
	importHandshakeKeys,
	newHandshakeKeys,
	openSealed,
	requestJoin,
	sealFor,
	unanswered
} from './handshake';
import { Lobby } from './lobby';
import { DeviceLinkJoin, DeviceLinkOffer } from './device-link.svelte';
import type { OwnerLock } from './owner-check';
import { deleteDatabase, Space } from './space';
import { DEVICE_DB, loadDeviceDurably, saveDeviceDurably } from './device-store';
import { deriveStatus, describeStatus, type SyncState } from './status';
import { deviceName, ensureJournalId, seeDevice } from './own-devices';
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
/** How long a used invite's room stays open for its partner to receive the answer again. */
const USED_INVITE_GRACE_MS = 10 * 60_000;

/** What the space's keys look like inside a sealed invite answer. */
interface InviteAnswer {
	key: string;
	inviter: string;
}

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
	/** Set when the invite this device opened had already been used by someone else. */
	inviteUsed = $state(false);
	/** The handshake room of this device's own open invite, or of the invite it is answering. */
	#lobby: Lobby | null = null;
	// Bookkeeping only, never read by a view.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#answering = new Set<string>();

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

	/**
	 * A newer app says it wrote this space: the shared agreements (the contract, check-in plans,
	 * setbacks, summaries), which a newer app may shape differently and both sign, wait for the
	 * update. The journal, one's own entries, moments and answers, one's name and every setting
	 * never lock: the claim arrives by sync, and anyone can write it.
	 */
	get readOnly(): boolean {
		this.#docSubscribe();
		const space = this.space;
		return !!space && isFromNewerApp(space.doc);
	}

	/** When the partners list arrived changed from what this device pinned: both should look. */
	get partnersChanged(): boolean {
		this.#docSubscribe();
		const space = this.space;
		return !!space && partnersChangedBySync(space.doc) !== null;
	}

	/** The sync status, re-derived whenever a fact changes. */
	get status(): SyncState {
		void this.#version;
		this.#docSubscribe();
		const space = this.#space;
		if (!space?.loaded) return { kind: 'offline' };
		const facts = space.facts(this.#settings.lastPartnerSyncAt);
		// Waiting for the key: reaching the invite's room is what "online" means here.
		if (space.device.awaiting) facts.signalingConnected = this.#lobby?.connected ?? false;
		return deriveStatus(facts);
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
		this.#update({ space: device, invite: newPartnerInvite(Date.now()) });
		const space = await this.#open(device);
		writeInitialContent(space.doc, { id: me, name }, Date.now());
		ensureContractTexts(space.doc);
		await Promise.all([space.flushed(), this.#durable]);
		void this.#askPersist();
	}

	/**
	 * Joins a space from an invite. A partner gives their name; an own device gives nothing. With
	 * a one-time invite the partner starts at once on this device (their own entry, their journal)
	 * and receives the space's key through the invite's handshake room (`#awaitKey`).
	 */
	async join(invite: Invite, name: string): Promise<void> {
		const now = Date.now();
		let device: DeviceSpace;
		if (invite.kind === 'partner-once') {
			const me = randomToken(12);
			device = {
				// This device's own name for the space's storage: the space's key arrives later.
				room: randomToken(16),
				key: '',
				me,
				via: 'joined',
				addedAt: now,
				journal: newJournalKeys(),
				// The two partners are known from the start: whoever made the invite, and this person.
				partners: [invite.inviter, me],
				awaiting: {
					key: invite.key,
					expiresAt: invite.expiresAt,
					handshake: await exportHandshakeKeys(await newHandshakeKeys())
				}
			};
		} else if (invite.kind === 'partner') {
			device = {
				room: invite.room,
				key: invite.key,
				me: randomToken(12),
				via: 'joined',
				addedAt: now,
				journal: newJournalKeys()
			};
		} else if (invite.kind === 'device') {
			device = {
				room: invite.room,
				key: invite.key,
				me: invite.partnerId,
				via: 'added',
				addedAt: now,
				journal: invite.journal
			};
		} else {
			throw new Error('An own-device link is joined through linkOwnDevice.');
		}
		this.refused = false;
		this.inviteUsed = false;
		this.#update({ space: device, lastPartnerSyncAt: undefined, lastSyncAt: undefined });
		const space = await this.#open(device);
		// A joining partner writes only their own entry before the first sync.
		if (invite.kind !== 'device') addPartner(space.doc, device.me, name, now);
		await Promise.all([space.flushed(), this.#durable]);
		void this.#askPersist();
	}

	/** Offers a one-time link for one of this person's own devices (after the owner check). */
	offerDeviceLink(): DeviceLinkOffer | null {
		const device = this.#settings.space;
		if (!device?.key) return null;
		const offer = new DeviceLinkOffer(this.#reach(), {
			room: device.room,
			key: device.key,
			me: device.me,
			journal: device.journal
		});
		void offer.open();
		return offer;
	}

	/** The new device's side of an own-device link: asks, shows the code, adopts the keys. */
	linkOwnDevice(invite: Extract<Invite, { kind: 'device-once' }>): DeviceLinkJoin {
		const join = new DeviceLinkJoin(this.#reach(), invite, async (keys) => {
			if (this.#settings.space) return;
			const device: DeviceSpace = {
				room: keys.room,
				key: keys.key,
				me: keys.me,
				via: 'added',
				addedAt: Date.now(),
				journal: keys.journal
			};
			this.refused = false;
			this.#update({ space: device, lastPartnerSyncAt: undefined, lastSyncAt: undefined });
			const space = await this.#open(device);
			await Promise.all([space.flushed(), this.#durable]);
			void this.#askPersist();
		});
		void join.open();
		return join;
	}

	/** Sets how this device checks its owner (screen lock or passcode). */
	setOwnerLock(lock: OwnerLock): void {
		this.#update({ ownerLock: lock });
	}

	#reach() {
		return {
			signaling: this.signalingUrl,
			iceServers: this.#settings.iceServers ?? [],
			relayOnly: this.#settings.relayOnly ?? false
		};
	}

	/** This device's open partner invite (made at creation; cancelled or remade in Invite). */
	get invite(): PendingInvite | undefined {
		return this.#settings.invite;
	}

	/** Makes a new one-time invite; any earlier one opens nothing from now on. */
	remakeInvite(): void {
		this.#update({ invite: newPartnerInvite(Date.now()) });
		this.#closeLobby();
		this.#serveInvite();
	}

	/** Cancels the open invite: its link opens nothing from now on. */
	cancelInvite(): void {
		this.#update({ invite: undefined });
		this.#closeLobby();
	}

	/** Whether this device waits for the space's key from a one-time invite. */
	get awaitingKey(): boolean {
		return !!this.#settings.space?.awaiting;
	}

	#closeLobby(): void {
		this.#lobby?.close();
		this.#lobby = null;
		this.#answering.clear();
	}

	#lobbyOptions(key: string, onChange: (doc: import('yjs').Doc) => void) {
		return {
			key,
			signaling: this.signalingUrl,
			iceServers: this.#settings.iceServers ?? [],
			relayOnly: this.#settings.relayOnly ?? false,
			onChange
		};
	}

	/**
	 * The device that made an invite keeps its handshake room open while the invite is unused
	 * and unexpired (and briefly after, for the partner to hear the answer again), and answers
	 * the first request only: sealed for that partner, the space's key, which no link carried.
	 * Every later request hears "used"; after that, the room is left and opens nothing.
	 */
	#serveInvite(): void {
		const space = this.#space;
		const device = this.#settings.space;
		const invite = this.#settings.invite;
		if (!space?.loaded || !device || device.awaiting) return;
		const now = Date.now();
		const status = inviteStatus(invite, now);
		const joinerArrived =
			!!invite?.joiner && roots.partners(space.doc).has(invite.joiner) && status === 'used';
		if (joinerArrived) {
			// The partner is in the space: the invite has done its one job.
			this.#update({ invite: undefined });
			this.#closeLobby();
			return;
		}
		const keepOpen =
			status === 'open' ||
			(status === 'used' && now - (invite?.usedAt ?? 0) < USED_INVITE_GRACE_MS);
		if (!keepOpen || !invite) {
			this.#closeLobby();
			return;
		}
		if (this.#lobby) return;
		const lobby = new Lobby(this.#lobbyOptions(invite.key, () => void this.#answer(lobby)));
		this.#lobby = lobby;
		void lobby.open();
	}

	async #answer(lobby: Lobby): Promise<void> {
		const device = this.#settings.space;
		const space = this.#space;
		if (!device || !space || lobby !== this.#lobby) return;
		for (const request of unanswered(lobby.doc)) {
			if (this.#answering.has(request.pub)) continue;
			this.#answering.add(request.pub);
			const invite = this.#settings.invite;
			const decision = decideRequest(invite, request, device.me, Date.now());
			if (decision.reply === 'used') {
				answer(lobby.doc, request.pub, { kind: 'used' });
				continue;
			}
			if (decision.invite !== invite) {
				// Used from this moment: pin the two partners here before anything else can arrive.
				const partners: [string, string] = [device.me, request.partnerId];
				pinPartners(space.doc, partners);
				this.#update({ invite: decision.invite, space: { ...device, partners } });
			}
			const payload: InviteAnswer = { key: device.key, inviter: device.me };
			const sealed = await sealFor(request.pub, payload);
			if (lobby === this.#lobby) answer(lobby.doc, request.pub, sealed);
		}
	}

	/**
	 * The partner's side of a one-time invite: asks in the invite's room (as the same key pair
	 * after a reload) and, once answered, moves this device's space to the key it was sent.
	 */
	async #awaitKey(): Promise<void> {
		const device = this.#settings.space;
		const awaiting = device?.awaiting;
		if (!device || !awaiting || this.#lobby) return;
		const keys = await importHandshakeKeys(awaiting.handshake);
		if (!keys || this.#settings.space !== device) return;
		let done = false;
		const lobby = new Lobby(
			this.#lobbyOptions(awaiting.key, (doc) => {
				const reply = answerFor(doc, keys.pub);
				if (!reply || done) return;
				done = true;
				if (reply.kind === 'used') {
					this.inviteUsed = true;
					this.#closeLobby();
					return;
				}
				void openSealed(keys, reply).then((opened) => this.#adoptKey(opened as InviteAnswer));
			})
		);
		this.#lobby = lobby;
		requestJoin(lobby.doc, { pub: keys.pub, partnerId: device.me, at: Date.now() });
		await lobby.open();
	}

	async #adoptKey(answer: InviteAnswer | null): Promise<void> {
		const device = this.#settings.space;
		this.#closeLobby();
		if (!device?.awaiting || !answer || typeof answer.key !== 'string' || !answer.key) return;
		const { awaiting: _awaiting, ...rest } = device;
		void _awaiting;
		const moved: DeviceSpace = { ...rest, key: answer.key };
		this.#update({ space: moved });
		this.#space?.close();
		this.#space = null;
		await this.#open(moved);
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
		this.#closeLobby();
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
		// The handshake room, if any, is joined again with the new settings too.
		this.#closeLobby();
		// Only the way to the peers changes: the open document, and every screen showing it, stay.
		await this.#space?.reconnect({
			signaling: this.signalingUrl,
			iceServers: this.#settings.iceServers ?? [],
			relayOnly: this.#settings.relayOnly ?? false
		});
		this.#version++;
		if (this.#settings.space?.awaiting) void this.#awaitKey();
		else this.#serveInvite();
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
		if (device.partners) pinPartners(space.doc, device.partners);
		this.#space = space;
		await space.open();
		this.#pin(space);
		this.#recordDevice(space);
		if (device.awaiting) void this.#awaitKey();
		else this.#serveInvite();
		this.#version++;
		return space;
	}

	/**
	 * Pins the two partners the first time this device sees both of them (itself one of them).
	 * From then on a synced rewrite of the list (`joinedAt`, `deletedAt`, a third entry) changes
	 * nothing about who they are here, and never makes this device withdraw or erase itself.
	 */
	#pin(space: Space): void {
		const device = this.#settings.space;
		if (!device || device.partners || !space.loaded) return;
		const pair = activePartners(space.doc);
		if (pair.length !== 2 || !pair.some((p) => p.id === device.me)) return;
		const partners: [string, string] = [pair[0].id, pair[1].id];
		pinPartners(space.doc, partners);
		this.#update({ space: { ...device, partners } });
	}

	/**
	 * Notes this device in the person's private document (name, added, last seen), and gives a
	 * journal made here its id. A device added to a journal takes the id from its other devices.
	 */
	#recordDevice(space: Space): void {
		const device = this.#settings.space;
		if (!device?.journal || space.storage !== 'ok') return;
		const id = device.deviceId ?? randomToken(12);
		if (!device.deviceId) this.#update({ space: { ...device, deviceId: id } });
		if (device.via !== 'added') ensureJournalId(space.privateDoc);
		const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
		seeDevice(space.privateDoc, { id, name: deviceName(ua) }, Date.now());
	}

	#onChange(space: Space): void {
		if (space !== this.#space) return;
		const firstSyncBefore = this.#settings.space?.firstSyncAt;
		this.#pin(space);
		this.#serveInvite();
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
			// Only a device meeting the space for the first time, with no pin, can be the third
			// person; a paired device never withdraws itself because of what sync brought.
			if (
				!firstSyncBefore &&
				!this.#settings.space?.partners &&
				roots.meta(space.doc).has('schemaVersion') &&
				isRefused(space.doc, device.me)
			) {
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
