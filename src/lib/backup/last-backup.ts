/**
 * When this device last made a backup, kept in this device's storage (never synced): each device
 * backs up what it holds, and the journal's only copies are on its author's own devices.
 */
import type { KeyValueStore } from '../sync/device';
import type { Instant } from '../schema';

const STORAGE_KEY = 'kept.backup.v1';
const DAY = 86_400_000;

/** A backup older than this earns a gentle reminder. */
export const BACKUP_STALE_DAYS = 30;

/** When this device last downloaded a backup, if ever. */
export function lastBackupAt(store: KeyValueStore): Instant | undefined {
	try {
		const value: unknown = JSON.parse(store.getItem(STORAGE_KEY) ?? '{}');
		const at = (value as { lastBackupAt?: unknown } | null)?.lastBackupAt;
		return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
	} catch {
		return undefined;
	}
}

/** Remembers that a backup was just made. */
export function noteBackup(store: KeyValueStore, now: Instant): void {
	store.setItem(STORAGE_KEY, JSON.stringify({ lastBackupAt: now }));
}

/**
 * Whether to remind gently: the last backup (or, with none yet, joining the space) was more than
 * BACKUP_STALE_DAYS ago. A space begun this week is not nagged.
 */
export function isBackupStale(last: Instant | undefined, since: Instant, now: Instant): boolean {
	return now - (last ?? since) > BACKUP_STALE_DAYS * DAY;
}
