/**
 * What this device remembers outside any shared document: which space it belongs to, who
 * the person holding it is, the keys, and how to reach peers. Never synced.
 */
import type { JournalKeys, PendingInvite } from './invite';
import type { OwnerLock } from './owner-check';

/** This device's membership of a space. */
export interface DeviceSpace {
	room: string;
	key: string;
	/** The partner this device belongs to. */
	me: string;
	/** How this device came to the space: it made it, joined as the partner, or was added. */
	via: 'created' | 'joined' | 'added';
	addedAt: number;
	/** Set once this device has synced with another device of the space. */
	firstSyncAt?: number;
	journal?: JournalKeys;
	/**
	 * The two partners, pinned on this device at pairing. Synced changes to the partners list
	 * never replace them (`pinPartners`); absent until this device has seen both.
	 */
	partners?: [string, string];
	/** This device's own id among the person's devices (`own-devices.ts`). */
	deviceId?: string;
	/**
	 * Set while a partner who opened a one-time invite waits for the space's key (then `key` is
	 * empty): the invite's key, when it expires, and this device's handshake key (`handshake.ts`).
	 */
	awaiting?: { key: string; expiresAt: number; handshake: string };
}

/** Everything a device keeps for itself. */
export interface DeviceSettings {
	space?: DeviceSpace;
	/** Empty means the default: the server the app came from. */
	signalingUrl?: string;
	iceServers?: RTCIceServer[];
	/** Connect only through a TURN relay: works on strict networks, and hides this device's address. */
	relayOnly?: boolean;
	/** When this device last finished syncing with the partner (not with its own devices). */
	lastPartnerSyncAt?: number;
	/** When this device last synced with any other device of the space. */
	lastSyncAt?: number;
	persistGranted?: boolean;
	/** The partner invite this device made, until it has been used and the partner has arrived. */
	invite?: PendingInvite;
	/** How this device checks its owner before showing anything journal-related. */
	ownerLock?: OwnerLock;
	/** Mailboxes turned off while the server could not be reached: deleted at the next start. */
	mailboxDeletes?: { scope: 'space' | 'journal'; epoch: number; key: string }[];
	/** The offer to turn on "Deliver while we're apart" was seen (it is made once). */
	mailboxOffered?: boolean;
}

/** A place to keep device settings: localStorage in the app, a Map in tests. */
export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

const STORAGE_KEY = 'kept.device.v1';

/** Reads the device settings; an unreadable value counts as a new device. */
export function loadDevice(store: KeyValueStore): DeviceSettings {
	try {
		const raw = store.getItem(STORAGE_KEY);
		const parsed: unknown = raw ? JSON.parse(raw) : {};
		return parsed && typeof parsed === 'object' ? (parsed as DeviceSettings) : {};
	} catch {
		return {};
	}
}

/** Writes the device settings. */
export function saveDevice(store: KeyValueStore, settings: DeviceSettings): void {
	store.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** Forgets everything about the space on this device (the documents are erased separately). */
export function forgetDevice(store: KeyValueStore): void {
	store.removeItem(STORAGE_KEY);
}

/** The signaling URL: the configured one, or `/signal` on the app's own origin. */
export function signalingUrlFor(settings: DeviceSettings, origin: string): string {
	if (settings.signalingUrl?.trim()) return settings.signalingUrl.trim();
	const url = new URL('/signal', origin);
	url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
	return url.toString();
}

/**
 * Checks a signaling URL typed in Settings; returns a calm message when it cannot work. With
 * the page's `connect-src` sources and origin, a server the page's policy would block is named
 * too (the browser would refuse it silently).
 */
export function checkSignalingUrl(
	value: string,
	policy?: { connectSrc: readonly string[]; origin: string }
): string | null {
	if (!value.trim()) return null;
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return 'That doesn’t look like a web address. It should look like wss://example.org/signal.';
	}
	if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
		return 'The address should start with wss:// (or ws:// on this computer).';
	}
	if (policy && !policy.connectSrc.some((source) => allows(source, url, policy.origin))) {
		return 'This copy of Kept may only connect to the servers it was set up with. Leave this empty to use its own, or ask whoever hosts Kept to allow this one.';
	}
	return null;
}

/** Whether one CSP source expression admits a WebSocket URL (CSP3: 'self' covers ws/wss). */
function allows(source: string, url: URL, origin: string): boolean {
	if (source === "'self'") return url.host === new URL(origin).host;
	if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) return url.protocol === source.toLowerCase();
	try {
		const allowed = new URL(source);
		return allowed.protocol === url.protocol && allowed.host === url.host;
	} catch {
		return false;
	}
}

/** The `connect-src` sources of a CSP (as in the page's meta tag); empty when none. */
export function connectSources(policy: string): string[] {
	const directive = policy
		.split(';')
		.map((part) => part.trim().split(/\s+/))
		.find(([name]) => name?.toLowerCase() === 'connect-src');
	return directive ? directive.slice(1) : [];
}

/** Parses ICE servers typed one per line: `stun:host:port` or `turn:host:port user password`. */
export function parseIceServers(text: string): { servers: RTCIceServer[]; error: string | null } {
	const servers: RTCIceServer[] = [];
	for (const [i, line] of text.split('\n').entries()) {
		const parts = line.trim().split(/\s+/).filter(Boolean);
		if (parts.length === 0) continue;
		const [url, username, credential] = parts;
		if (!/^(stun|stuns|turn|turns):[^\s]+$/.test(url)) {
			return { servers: [], error: `Line ${i + 1} should start with stun: or turn:.` };
		}
		if (url.startsWith('turn') && (!username || !credential)) {
			return {
				servers: [],
				error: `Line ${i + 1}: a TURN server needs a user name and a password.`
			};
		}
		servers.push(username ? { urls: url, username, credential } : { urls: url });
	}
	return { servers, error: null };
}

/** Only STUN and TURN addresses: anything else (`javascript:`, `https:`) is never an ICE server. */
const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/i;

/**
 * ICE servers from somewhere not typed here (a backup): returned cleaned when every one is a
 * STUN or TURN address with text credentials, else null. At most 16.
 */
export function checkIceServers(value: unknown): RTCIceServer[] | null {
	if (!Array.isArray(value) || value.length > 16) return null;
	const servers: RTCIceServer[] = [];
	for (const item of value) {
		const s = item as Partial<RTCIceServer> | null;
		const urls = typeof s?.urls === 'string' ? [s.urls] : s?.urls;
		if (!Array.isArray(urls) || urls.length === 0 || urls.length > 8) return null;
		if (!urls.every((u) => typeof u === 'string' && u.length < 512 && ICE_URL.test(u))) return null;
		if (s?.username !== undefined && typeof s.username !== 'string') return null;
		if (s?.credential !== undefined && typeof s.credential !== 'string') return null;
		servers.push({
			urls: urls.length === 1 ? urls[0] : urls,
			...(s?.username !== undefined ? { username: s.username } : {}),
			...(s?.credential !== undefined ? { credential: s.credential } : {})
		});
	}
	return servers;
}

/** The ICE servers as text, one per line, for editing. */
export function iceServersToText(servers: RTCIceServer[]): string {
	return servers
		.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' '))
		.join('\n');
}
