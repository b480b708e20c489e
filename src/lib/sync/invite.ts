/**
 * Invite links and codes. The secret travels only in the URL fragment (`/join#…`), which
 * browsers never send to a server. A short checksum catches links broken in copying; it is
 * not a security measure (the key is).
 */
import { fromBase64Url, toBase64Url } from './base64';

/** What an invite lets its holder do. */
export type Invite =
	| { kind: 'partner'; room: string; key: string }
	| { kind: 'device'; room: string; key: string; partnerId: string; journal?: JournalKeys };

/** The keys of one person's private journal, carried only by own-device links. */
export interface JournalKeys {
	room: string;
	key: string;
}

/** Why an invite could not be read; each has a calm message in `inviteErrorMessage`. */
export type InviteError = 'empty' | 'not-kept' | 'incomplete' | 'altered' | 'newer';

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
		invite.kind === 'partner'
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
export function parseInvite(input: string): InviteResult {
	const text = input.trim().replace(/\s+/g, '');
	if (!text) return fail('empty');
	const hash = text.indexOf('#');
	let code = hash >= 0 ? text.slice(hash + 1) : text;
	if (hash < 0 && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fail('not-kept');
	code = safeDecode(code);
	const parts = code.split('.');
	const tag = parts[0] ?? '';
	if (!/^[pd]\d+$/.test(tag)) return fail('not-kept');
	if (tag.slice(1) !== VERSION)
		return fail(Number(tag.slice(1)) > Number(VERSION) ? 'newer' : 'not-kept');
	const expected = tag[0] === 'p' ? 4 : 7;
	if (parts.length < expected) return fail('incomplete');
	if (parts.length > expected) return fail('altered');
	const body = parts.slice(0, -1).join('.');
	const refused = (error: InviteError): InviteResult => ({
		ok: false,
		error,
		code,
		...(locateDamage(code) ?? {})
	});
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
