/**
 * Invite links and codes. The secret travels only in the URL fragment (`/join#…`), which
 * browsers never send to a server. A short checksum catches links broken in copying; it is
 * not a security measure (the key is).
 */
import { fromBase64Url, toBase64Url } from './base64';

/** What an invite lets its holder do. */
export type Invite =
	/** v1, from before one-time invites: the space's own room and key. */
	| { kind: 'partner'; room: string; key: string }
	/**
	 * v2: a one-time key that opens only a handshake room (`handshake.ts`), where the device
	 * that made it hands the space's keys, sealed, to the first partner who asks, before it expires.
	 */
	| { kind: 'partner-once'; key: string; inviter: string; expiresAt: number }
	| { kind: 'device'; room: string; key: string; partnerId: string; journal?: JournalKeys }
	/**
	 * v2 own-device link: a one-time key for a handshake room, valid for minutes. The journal's
	 * keys move only after the owner confirms, on a device they already have, a code both show.
	 */
	| { kind: 'device-once'; key: string; partnerId: string; expiresAt: number };

/** How long a link for one's own device works. */
export const DEVICE_LINK_LIFETIME_MS = 10 * 60_000;

/** An invite this device made and has not seen used: kept in its own settings only. */
export interface PendingInvite {
	key: string;
	createdAt: number;
	expiresAt: number;
	/** The request it answered (its public key), and when: from then on it opens nothing. */
	usedBy?: string;
	usedAt?: number;
	/** The partner id of whoever it let in. */
	joiner?: string;
}

/** How long a partner invite works. */
export const INVITE_LIFETIME_MS = 24 * 60 * 60_000;

/** A fresh one-time partner invite, valid for 24 hours. */
export function newPartnerInvite(now: number): PendingInvite {
	return { key: randomToken(KEY_BYTES), createdAt: now, expiresAt: now + INVITE_LIFETIME_MS };
}

/**
 * What the inviting device does with one request in its invite's room: the first request while
 * the invite is open uses it (`invite` comes back marked used); the same request asking again
 * gets the same answer; anyone else, or anyone after expiry, hears "used".
 */
export function decideRequest(
	invite: PendingInvite | undefined,
	request: { pub: string; partnerId: string },
	me: string,
	now: number
): { reply: 'seal'; invite: PendingInvite } | { reply: 'used' } {
	if (invite && invite.usedBy === request.pub) return { reply: 'seal', invite };
	const fitting = /^[A-Za-z0-9_-]{8,64}$/.test(request.partnerId) && request.partnerId !== me;
	if (!invite || inviteStatus(invite, now) !== 'open' || !fitting) return { reply: 'used' };
	return {
		reply: 'seal',
		invite: { ...invite, usedBy: request.pub, usedAt: now, joiner: request.partnerId }
	};
}

/** Where an invite this device made stands. */
export function inviteStatus(
	invite: PendingInvite | undefined,
	now: number
): 'none' | 'open' | 'used' | 'expired' {
	if (!invite) return 'none';
	if (invite.usedAt !== undefined) return 'used';
	return now >= invite.expiresAt ? 'expired' : 'open';
}

/** The keys of one person's private journal, carried only by own-device links. */
export interface JournalKeys {
	room: string;
	key: string;
}

/** Why an invite could not be read; each has a calm message in `inviteErrorMessage`. */
export type InviteError =
	'empty' | 'not-kept' | 'incomplete' | 'altered' | 'newer' | 'expired' | 'link-expired';

/**
 * The result of reading a pasted or opened invite. A refused one carries the code as read and,
 * when it can be told, where it stops reading correctly (`at`, a range within `code`).
 */
export type InviteResult =
	| { ok: true; invite: Invite }
	| { ok: false; error: InviteError; code?: string; at?: { start: number; end: number } };

const ROOM_BYTES = 16;
const KEY_BYTES = 32;
const VERSION = '1';

/** A fresh random id or key, base64url-encoded. */
export function randomToken(bytes: number): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A new space: a random room id and a random 256-bit key. */
export function newSpaceKeys(): { room: string; key: string } {
	return { room: randomToken(ROOM_BYTES), key: randomToken(KEY_BYTES) };
}

/** A new private journal's room and key. */
export function newJournalKeys(): JournalKeys {
	return newSpaceKeys();
}

/** The code form of an invite: what follows `#` in the link, and what can be pasted. */
export function toInviteCode(invite: Invite): string {
	const parts =
		invite.kind === 'partner-once'
			? ['p2', invite.key, invite.inviter, invite.expiresAt.toString(36)]
			: invite.kind === 'device-once'
				? ['d2', invite.key, invite.partnerId, invite.expiresAt.toString(36)]
				: invite.kind === 'partner'
					? ['p' + VERSION, invite.room, invite.key]
					: [
							'd' + VERSION,
							invite.room,
							invite.key,
							invite.partnerId,
							invite.journal?.room ?? '',
							invite.journal?.key ?? ''
						];
	const body = parts.join('.');
	return `${body}.${checksum(body)}`;
}

/** The link form of an invite, on the given origin. */
export function toInviteLink(invite: Invite, origin: string): string {
	return `${origin.replace(/\/$/, '')}/join#${toInviteCode(invite)}`;
}

/** Reads a pasted link or code, or a link's fragment. Never throws. */
export function parseInvite(input: string, now = Date.now()): InviteResult {
	const text = input.trim().replace(/\s+/g, '');
	if (!text) return fail('empty');
	const hash = text.indexOf('#');
	let code = hash >= 0 ? text.slice(hash + 1) : text;
	if (hash < 0 && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fail('not-kept');
	code = safeDecode(code);
	const parts = code.split('.');
	const tag = parts[0] ?? '';
	if (!/^[pd]\d+$/.test(tag)) return fail('not-kept');
	if (tag === 'p2' || tag === 'd2') return parseOnce(parts, now, code);
	if (tag.slice(1) !== VERSION)
		return fail(Number(tag.slice(1)) > Number(VERSION) ? 'newer' : 'not-kept');
	const expected = tag[0] === 'p' ? 4 : 7;
	if (parts.length < expected) return fail('incomplete');
	if (parts.length > expected) return fail('altered');
	const body = parts.slice(0, -1).join('.');
	const refused = (error: InviteError) => refusedAt(code, error);
	if (checksum(body) !== parts[parts.length - 1]) {
		return refused(looksTruncated(parts) ? 'incomplete' : 'altered');
	}
	const [, room, key] = parts;
	if (!isToken(room, ROOM_BYTES) || !isToken(key, KEY_BYTES)) return refused('altered');
	if (tag[0] === 'p') return { ok: true, invite: { kind: 'partner', room, key } };
	const [, , , partnerId, jRoom, jKey] = parts;
	if (!/^[A-Za-z0-9_-]{8,64}$/.test(partnerId)) return refused('altered');
	const journal =
		jRoom && jKey && isToken(jRoom, ROOM_BYTES) && isToken(jKey, KEY_BYTES)
			? { room: jRoom, key: jKey }
			: undefined;
	if ((jRoom || jKey) && !journal) return refused('altered');
	return { ok: true, invite: { kind: 'device', room, key, partnerId, journal } };
}

/** A refusal that keeps the code as read and marks where it fails, when that can be told. */
function refusedAt(code: string, error: InviteError): InviteResult {
	return { ok: false, error, code, ...(locateDamage(code) ?? {}) };
}

function parseOnce(parts: string[], now: number, code: string): InviteResult {
	if (parts.length < 5) return fail('incomplete');
	if (parts.length > 5) return fail('altered');
	const body = parts.slice(0, -1).join('.');
	if (checksum(body) !== parts[4])
		return refusedAt(code, looksTruncated(parts) ? 'incomplete' : 'altered');
	const [, key, inviter, expires] = parts;
	const expiresAt = parseInt(expires, 36);
	if (!isToken(key, KEY_BYTES) || !/^[A-Za-z0-9_-]{8,64}$/.test(inviter) || !(expiresAt > 0)) {
		return refusedAt(code, 'altered');
	}
	if (now >= expiresAt) return fail(parts[0] === 'd2' ? 'link-expired' : 'expired');
	return parts[0] === 'd2'
		? { ok: true, invite: { kind: 'device-once', key, partnerId: inviter, expiresAt } }
		: { ok: true, invite: { kind: 'partner-once', key, inviter, expiresAt } };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Where a refused code stops reading correctly, when that can be told: a character outside the
 * alphabet, or the one character whose change (or loss, or addition) the checksum points to.
 * Only marked for the person to see and fix; never corrected on their behalf.
 */
function locateDamage(code: string): { at: { start: number; end: number } } | undefined {
	const bad = /[^A-Za-z0-9_.-]/.exec(code);
	if (bad) return { at: { start: bad.index, end: bad.index + 1 } };
	const cut = code.lastIndexOf('.');
	if (cut < 0) return undefined;
	const body = code.slice(0, cut);
	const sum = code.slice(cut + 1);
	// The checksum itself may be what changed: then the body reads and only the sum is marked.
	const first = body.indexOf('.') + 1;
	const found: number[] = [];
	for (let i = first; i < body.length && found.length < 2; i++) {
		if (body[i] === '.') continue;
		const before = body.slice(0, i);
		const after = body.slice(i + 1);
		for (const c of ALPHABET) {
			if (c !== body[i] && checksum(before + c + after) === sum) found.push(i);
		}
		if (checksum(before + after) === sum) found.push(i);
	}
	// One place, and only one, explains it; several would be a guess.
	if (found.length === 1) return { at: { start: found[0], end: found[0] + 1 } };
	return undefined;
}

/** A calm sentence for each way an invite can be unreadable. */
export function inviteErrorMessage(error: InviteError): string {
	switch (error) {
		case 'empty':
			return 'Paste the link or code your partner sent you.';
		case 'not-kept':
			return 'This doesn’t look like a Kept invite. Check that you copied the whole link your partner sent.';
		case 'incomplete':
			return 'This invite seems to be cut short. Ask for the link again and copy all of it.';
		case 'altered':
			return 'This invite doesn’t read correctly — it may have changed while being copied. Ask for a fresh one.';
		case 'newer':
			return 'This invite was made by a newer version of Kept. Update the app, then open it again.';
		case 'expired':
			return 'This invite has expired: invites work for 24 hours. Ask your partner for a new one.';
		case 'link-expired':
			return 'This link for your own device has expired: it works for 10 minutes. Make a new one on your other device.';
	}
}

function fail(error: InviteError): InviteResult {
	return { ok: false, error };
}

function looksTruncated(parts: string[]): boolean {
	const last = parts[parts.length - 1];
	return last.length < 6;
}

function isToken(value: string | undefined, bytes: number): value is string {
	if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return false;
	try {
		return fromBase64Url(value).length === bytes;
	} catch {
		return false;
	}
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/** FNV-1a, 32 bits, as six base-36 characters: enough to notice a changed or missing character. */
function checksum(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(36).padStart(7, '0').slice(-6);
}
