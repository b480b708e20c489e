/**
 * Adding one's own device: a one-time link (minutes) opens a handshake room; the new device asks,
 * both screens show the same 6-digit code (`matchCode`), and only when the owner confirms on the
 * device they already have are the space's and journal's keys sealed for the new device.
 */
import {
	answer,
	answerFor,
	matchCode,
	newHandshakeKeys,
	openSealed,
	requestJoin,
	sealWith,
	unanswered,
	type HandshakeKeys
} from './handshake';
import { DEVICE_LINK_LIFETIME_MS, type Invite, type JournalKeys } from './invite';
import { Lobby, type LobbyOptions } from './lobby';

/** What the new device receives once confirmed. */
export interface OwnDeviceKeys {
	room: string;
	key: string;
	me: string;
	journal?: JournalKeys;
}

type Reach = Omit<LobbyOptions, 'key' | 'onChange'>;

/** The existing device's side: the link, the code to compare, confirm or refuse. */
export class DeviceLinkOffer {
	state = $state<'waiting' | 'compare' | 'added' | 'refused' | 'expired'>('waiting');
	code = $state<string | null>(null);
	readonly invite: Extract<Invite, { kind: 'device-once' }>;
	#lobby: Lobby;
	#keys: HandshakeKeys | null = null;
	#request: string | null = null;
	#timer: ReturnType<typeof setTimeout>;

	constructor(
		reach: Reach,
		private readonly keys: OwnDeviceKeys,
		now = Date.now()
	) {
		this.invite = {
			kind: 'device-once',
			key: toKey(crypto.getRandomValues(new Uint8Array(32))),
			partnerId: keys.me,
			expiresAt: now + DEVICE_LINK_LIFETIME_MS
		};
		this.#lobby = new Lobby({ ...reach, key: this.invite.key, onChange: () => void this.#hear() });
		this.#timer = setTimeout(() => {
			if (this.state === 'waiting' || this.state === 'compare') this.state = 'expired';
			this.close();
		}, DEVICE_LINK_LIFETIME_MS);
	}

	async open(): Promise<void> {
		this.#keys = await newHandshakeKeys();
		await this.#lobby.open();
	}

	/** The first request gets the code to compare; every later one hears "used". */
	async #hear(): Promise<void> {
		const keys = this.#keys;
		if (!keys) return;
		for (const request of unanswered(this.#lobby.doc)) {
			if (this.#request || request.partnerId !== this.keys.me) {
				answer(this.#lobby.doc, request.pub, { kind: 'used' });
				continue;
			}
			this.#request = request.pub;
			answer(this.#lobby.doc, request.pub, { kind: 'confirm', pub: keys.pub });
			this.code = await matchCode(keys, request.pub);
			this.state = 'compare';
		}
	}

	/** The owner saw the same code on both screens: the keys go to that device alone. */
	async confirm(): Promise<void> {
		if (this.state !== 'compare' || !this.#keys || !this.#request) return;
		answer(this.#lobby.doc, this.#request, await sealWith(this.#keys, this.#request, this.keys));
		this.state = 'added';
	}

	/** The codes differ (or the owner changed their mind): nothing is sent, the link is spent. */
	refuse(): void {
		if (this.#request) answer(this.#lobby.doc, this.#request, { kind: 'used' });
		this.state = 'refused';
	}

	close(): void {
		clearTimeout(this.#timer);
		// Answers already written have reached the new device; give them a moment to leave.
		setTimeout(() => this.#lobby.close(), 3_000);
	}
}

/** The new device's side: asks, shows the code, and receives the keys once confirmed. */
export class DeviceLinkJoin {
	state = $state<'asking' | 'compare' | 'used' | 'added'>('asking');
	code = $state<string | null>(null);
	#lobby: Lobby | null = null;
	#keys: HandshakeKeys | null = null;
	#done = false;

	constructor(
		private readonly reach: Reach,
		private readonly invite: Extract<Invite, { kind: 'device-once' }>,
		private readonly onKeys: (keys: OwnDeviceKeys) => Promise<void>
	) {}

	async open(): Promise<void> {
		this.#keys = await newHandshakeKeys();
		this.#lobby = new Lobby({
			...this.reach,
			key: this.invite.key,
			onChange: () => void this.#hear()
		});
		requestJoin(this.#lobby.doc, {
			pub: this.#keys.pub,
			partnerId: this.invite.partnerId,
			at: Date.now()
		});
		await this.#lobby.open();
	}

	async #hear(): Promise<void> {
		const keys = this.#keys;
		const lobby = this.#lobby;
		if (!keys || !lobby || this.#done) return;
		const reply = answerFor(lobby.doc, keys.pub);
		if (!reply) return;
		if (reply.kind === 'used') {
			this.#done = true;
			this.state = 'used';
			this.close();
		} else if (reply.kind === 'confirm' && this.state === 'asking') {
			this.code = await matchCode(keys, reply.pub);
			this.state = 'compare';
		} else if (reply.kind === 'sealed') {
			const opened = (await openSealed(keys, reply)) as OwnDeviceKeys | null;
			if (!opened || this.#done) return;
			this.#done = true;
			this.close();
			await this.onKeys(opened);
			this.state = 'added';
		}
	}

	close(): void {
		this.#lobby?.close();
		this.#lobby = null;
	}
}

function toKey(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
