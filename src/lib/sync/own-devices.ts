/**
 * This person's own devices and their journal's identity, recorded in their private document
 * (which only their own devices hold), so the partner can neither read nor forge them.
 */
import type * as Y from 'yjs';
import { newId } from '../ids';
import { LOCAL, type Instant } from '../schema';

/** One of this person's devices, as their private document remembers it. */
export interface DeviceRecord {
	id: string;
	/** A plain name for it (the browser and system, e.g. "Chrome on Android"). */
	name: string;
	addedAt: Instant;
	lastSeenAt: Instant;
	/** Set when the person revoked it: it no longer holds any current key. */
	revokedAt?: Instant;
}

/** The private document's roots for devices and the journal's identity (on-disk names). */
export const ownRoots = {
	devices: (privateDoc: Y.Doc) => privateDoc.getMap<DeviceRecord>('devices'),
	journalMeta: (privateDoc: Y.Doc) => privateDoc.getMap<unknown>('journalMeta')
} as const;

/** How often a device notes that it was seen: often enough for "last seen", rarely enough to stay small. */
const SEEN_EVERY_MS = 60 * 60_000;

/** The journal's random id, written once inside the journal itself; the partner never sees it. */
export function journalIdOf(privateDoc: Y.Doc): string | undefined {
	const id = ownRoots.journalMeta(privateDoc).get('id');
	return typeof id === 'string' ? id : undefined;
}

/** Gives the journal its id if it has none yet; returns the id. */
export function ensureJournalId(privateDoc: Y.Doc): string {
	const existing = journalIdOf(privateDoc);
	if (existing) return existing;
	const id = newId();
	privateDoc.transact(() => ownRoots.journalMeta(privateDoc).set('id', id), LOCAL);
	return id;
}

/** Records this device (first time) or notes that it was seen now (at most hourly). */
export function seeDevice(
	privateDoc: Y.Doc,
	device: { id: string; name: string },
	now: Instant
): void {
	const devices = ownRoots.devices(privateDoc);
	const current = devices.get(device.id);
	if (current && now - current.lastSeenAt < SEEN_EVERY_MS) return;
	const record: DeviceRecord = current
		? { ...current, lastSeenAt: now }
		: { id: device.id, name: device.name, addedAt: now, lastSeenAt: now };
	privateDoc.transact(() => devices.set(device.id, record), LOCAL);
}

/** Marks a device as revoked. */
export function revokeDevice(privateDoc: Y.Doc, id: string, now: Instant): void {
	const devices = ownRoots.devices(privateDoc);
	const current = devices.get(id);
	if (!current || current.revokedAt) return;
	privateDoc.transact(() => devices.set(id, { ...current, revokedAt: now }), LOCAL);
}

/** This person's devices, oldest first; revoked ones only when asked. */
export function listDevices(privateDoc: Y.Doc, withRevoked = false): DeviceRecord[] {
	return [...ownRoots.devices(privateDoc).values()]
		.filter((d) => !!d && typeof d.id === 'string' && (withRevoked || !d.revokedAt))
		.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
}

/** A plain name for the device from its browser's user agent, e.g. "Firefox on Windows". */
export function deviceName(userAgent: string): string {
	const browser =
		[
			['Edg/', 'Edge'],
			['Firefox/', 'Firefox'],
			['Chrome/', 'Chrome'],
			['Safari/', 'Safari']
		].find(([token]) => userAgent.includes(token))?.[1] ?? 'A browser';
	const system =
		[
			['Android', 'Android'],
			['iPhone', 'iPhone'],
			['iPad', 'iPad'],
			['Windows', 'Windows'],
			['Mac OS', 'Mac'],
			['CrOS', 'ChromeOS'],
			['Linux', 'Linux']
		].find(([token]) => userAgent.includes(token))?.[1] ?? 'this device';
	return `${browser} on ${system}`;
}
