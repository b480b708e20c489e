/**
 * Backups of everything this device holds: the shared space, this person's private document
 * (journal, check-in drafts) and the device settings needed to open the space again. Restoring
 * merges (Y.applyUpdate): nothing already here is lost, and restoring the same file twice
 * changes nothing.
 *
 * Inside the encrypted envelope (envelope.ts) the plaintext is gzip of:
 * `u32 (big-endian) header length | header JSON (UTF-8) | shared update | private update`,
 * the header naming both updates' lengths. Binary, so a 4 MiB space is not base64'd twice.
 */
import * as Y from 'yjs';
import { SCHEMA_VERSION, type Instant } from '../schema';
import { checkIceServers, checkSignalingUrl } from '../sync/device';
import type { DeviceSettings, DeviceSpace } from '../sync/device';
import { journalIdOf, listDevices, type DeviceRecord } from '../sync/own-devices';
import { KDF_FLOOR, open, seal, type OpenError, type ScryptParams } from './envelope';

/** What a backup holds. */
export interface Backup {
	createdAt: Instant;
	schemaVersion: number;
	/** This device's membership of the space: room, key, who I am, journal keys. */
	device: DeviceSpace;
	/** How this device reached peers, if it was set by hand. */
	signalingUrl?: string;
	iceServers?: RTCIceServer[];
	/** This person's devices when the backup was made (empty in backups from before the list). */
	devices: Pick<DeviceRecord, 'name' | 'addedAt' | 'lastSeenAt'>[];
	/** The journal's own id (`journalIdOf`), absent in older backups. */
	journalId?: string;
	shared: Uint8Array;
	private: Uint8Array;
}

/** Why a backup cannot be restored here; each has a calm sentence in `restoreErrorMessage`. */
export type RestoreError =
	OpenError | 'too-large' | 'other-space' | 'other-person' | 'other-journal' | 'unsafe-connection';

/** Files larger than this are refused before being read (a real space is a few MiB). */
export const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

/** Decompressed contents larger than this are refused while unpacking (a gzip bomb stops here). */
export const MAX_CONTENTS_BYTES = 64 * 1024 * 1024;

/** Transaction origin of changes merged from a backup. */
export const RESTORE = 'kept:restore';

const CONTENTS = 'kept-backup-contents';

/** Makes the encrypted backup file's text for what this device holds. */
export async function makeBackup(
	source: { shared: Y.Doc; privateDoc: Y.Doc; settings: DeviceSettings },
	passphrase: string,
	now: Instant,
	params?: ScryptParams
): Promise<string> {
	const device = source.settings.space;
	if (!device) throw new Error('This device has no space to back up.');
	const shared = Y.encodeStateAsUpdate(source.shared);
	const priv = Y.encodeStateAsUpdate(source.privateDoc);
	const header = {
		kind: CONTENTS,
		createdAt: now,
		schemaVersion: SCHEMA_VERSION,
		device,
		signalingUrl: source.settings.signalingUrl || undefined,
		iceServers: source.settings.iceServers?.length ? source.settings.iceServers : undefined,
		devices: listDevices(source.privateDoc).map(({ name, addedAt, lastSeenAt }) => ({
			name,
			addedAt,
			lastSeenAt
		})),
		journalId: journalIdOf(source.privateDoc),
		sharedLength: shared.length,
		privateLength: priv.length
	};
	const head = new TextEncoder().encode(JSON.stringify(header));
	const plain = new Uint8Array(4 + head.length + shared.length + priv.length);
	new DataView(plain.buffer).setUint32(0, head.length);
	plain.set(head, 4);
	plain.set(shared, 4 + head.length);
	plain.set(priv, 4 + head.length + shared.length);
	return seal(await transform(plain, new CompressionStream('gzip')), passphrase, params);
}

/**
 * Opens a backup file's text and checks everything it would bring: the cost of its passphrase
 * (`kdfFloor`, lowered only by tests), its size unpacked, and its connection settings (a
 * signaling server is ws: or wss:, ICE servers are STUN or TURN). Never throws.
 */
export async function readBackup(
	text: string,
	passphrase: string,
	{ kdfFloor = KDF_FLOOR }: { kdfFloor?: ScryptParams } = {}
): Promise<{ ok: true; backup: Backup } | { ok: false; error: RestoreError }> {
	const opened = await open(text, passphrase, kdfFloor);
	if (!opened.ok) return opened;
	try {
		const plain = await gunzipAtMost(opened.plaintext, MAX_CONTENTS_BYTES);
		if (!plain) return { ok: false, error: 'too-large' };
		const headLength = new DataView(plain.buffer, plain.byteOffset).getUint32(0);
		const header = JSON.parse(new TextDecoder().decode(plain.subarray(4, 4 + headLength)));
		const start = 4 + headLength;
		const { sharedLength, privateLength, device } = header ?? {};
		if (
			header?.kind !== CONTENTS ||
			!isDeviceSpace(device) ||
			!isLength(sharedLength) ||
			!isLength(privateLength) ||
			start + sharedLength + privateLength !== plain.length
		) {
			return { ok: false, error: 'altered' };
		}
		const signalingUrl: unknown = header.signalingUrl;
		const iceServers = header.iceServers === undefined ? [] : checkIceServers(header.iceServers);
		if (
			(signalingUrl !== undefined &&
				(typeof signalingUrl !== 'string' ||
					!signalingUrl.trim() ||
					checkSignalingUrl(signalingUrl) !== null)) ||
			!iceServers
		) {
			return { ok: false, error: 'unsafe-connection' };
		}
		return {
			ok: true,
			backup: {
				createdAt: Number(header.createdAt) || 0,
				schemaVersion: Number(header.schemaVersion) || 0,
				device,
				signalingUrl: typeof signalingUrl === 'string' ? signalingUrl.trim() : undefined,
				iceServers: iceServers.length ? iceServers : undefined,
				devices: readDevices(header.devices),
				journalId: typeof header.journalId === 'string' ? header.journalId : undefined,
				shared: plain.slice(start, start + sharedLength),
				private: plain.slice(start + sharedLength)
			}
		};
	} catch {
		return { ok: false, error: 'altered' };
	}
}

/**
 * Whether a backup may merge into this device's space: same space, same person, and the same
 * journal. The journal is proved by its key or its id, which only this person's own devices
 * ever hold (the partner knows the space's key and this person's id, never these), so a backup
 * the partner made up cannot write into this journal.
 */
export function checkFits(
	backup: Backup,
	device: DeviceSpace | undefined,
	journalId?: string
): RestoreError | null {
	if (!device) return null;
	if (backup.device.room !== device.room || backup.device.key !== device.key) return 'other-space';
	if (backup.device.me !== device.me) return 'other-person';
	const sameKey = !!device.journal && backup.device.journal?.key === device.journal.key;
	const sameId = !!journalId && backup.journalId === journalId;
	if (device.journal && !sameKey && !sameId) return 'other-journal';
	return null;
}

/** Merges a backup into the open documents; nothing already there is lost. */
export function mergeBackup(shared: Y.Doc, privateDoc: Y.Doc, backup: Backup): void {
	Y.applyUpdate(shared, backup.shared, RESTORE);
	Y.applyUpdate(privateDoc, backup.private, RESTORE);
}

/**
 * The device settings a device without a space takes from a backup. Its connection settings
 * only when the person, having seen them, chose to use them; otherwise this copy's own.
 */
export function settingsFromBackup(
	backup: Backup,
	now: Instant,
	{ useConnection = false }: { useConnection?: boolean } = {}
): DeviceSettings {
	const { room, key, me, via, journal } = backup.device;
	return {
		space: { room, key, me, via, journal, addedAt: now },
		...(useConnection ? { signalingUrl: backup.signalingUrl, iceServers: backup.iceServers } : {})
	};
}

/** The file's name: the day it was made, so several backups sort by date. */
export function backupFileName(now: Instant): string {
	const d = new Date(now);
	const day = [d.getFullYear(), d.getMonth() + 1, d.getDate()]
		.map((n) => String(n).padStart(2, '0'))
		.join('-');
	return `kept-backup-${day}.json`;
}

/** A calm sentence for each reason a restore did not happen; nothing was changed in any case. */
export function restoreErrorMessage(error: RestoreError): string {
	switch (error) {
		case 'too-large':
			return 'This file is far larger than any Kept backup, so it wasn’t opened. Nothing was changed.';
		case 'not-backup':
			return 'This file isn’t a Kept backup. Choose the file you downloaded from “Download a backup”. Nothing was changed.';
		case 'truncated':
			return 'This backup seems to be cut short — perhaps it didn’t finish copying. Try another copy of it. Nothing was changed.';
		case 'newer':
			return 'This backup was made by a newer version of Kept. Update the app, then try again. Nothing was changed.';
		case 'wrong-passphrase':
			return 'That passphrase doesn’t open this backup. Check it and try again — capitals and spaces count. Nothing was changed.';
		case 'altered':
			return 'This backup has been changed since it was made, so Kept won’t trust it. Try another copy. Nothing was changed.';
		case 'other-space':
			return 'This backup is of a different Kept space than the one on this device, so it can’t be merged here. Nothing was changed.';
		case 'other-person':
			return 'This backup was made on your partner’s device. Only your own backups can be restored here. Nothing was changed.';
		case 'other-journal':
			return 'This backup holds a journal that isn’t the one on this device, so it wasn’t merged. Only backups made on your own devices can be restored here. Nothing was changed.';
		case 'weak-kdf':
			return 'This backup’s passphrase protection is weaker than any Kept makes, so it wasn’t opened: it may not be a backup you made. Nothing was changed.';
		case 'unsafe-connection':
			return 'This backup names connection settings Kept would never use (only wss:// signaling and stun: or turn: servers are allowed), so it wasn’t opened. Nothing was changed.';
	}
}

function isDeviceSpace(value: unknown): value is DeviceSpace {
	const d = value as Partial<DeviceSpace> | null;
	return (
		!!d &&
		typeof d.room === 'string' &&
		typeof d.key === 'string' &&
		typeof d.me === 'string' &&
		(d.via === 'created' || d.via === 'joined' || d.via === 'added') &&
		(d.journal === undefined ||
			(typeof d.journal?.room === 'string' && typeof d.journal?.key === 'string'))
	);
}

function isLength(n: unknown): n is number {
	return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function readDevices(value: unknown): Backup['devices'] {
	if (!Array.isArray(value)) return [];
	return value
		.slice(0, 32)
		.filter((d) => d && typeof d.name === 'string' && Number.isFinite(d.addedAt))
		.map((d) => ({
			name: String(d.name).slice(0, 80),
			addedAt: Number(d.addedAt),
			lastSeenAt: Number(d.lastSeenAt) || Number(d.addedAt)
		}));
}

/** Unpacks gzip, giving up (null) as soon as more than `limit` bytes have come out. */
async function gunzipAtMost(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
	const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(new DecompressionStream('gzip'))
		.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > limit) {
			await reader.cancel().catch(() => undefined);
			return null;
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

async function transform(
	bytes: Uint8Array,
	stream: CompressionStream | DecompressionStream
): Promise<Uint8Array<ArrayBuffer>> {
	const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
	return new Uint8Array(await new Response(piped).arrayBuffer());
}
