import { expect, test } from 'vitest';
import { isBackupStale, lastBackupAt, noteBackup } from './last-backup';

const DAY = 86_400_000;

test('the last backup date is remembered, and a reminder comes only after a month', () => {
	const map = new Map<string, string>();
	const store = {
		getItem: (k: string) => map.get(k) ?? null,
		setItem: (k: string, v: string) => void map.set(k, v),
		removeItem: (k: string) => void map.delete(k)
	};
	const now = Date.UTC(2026, 2, 3);
	expect(lastBackupAt(store)).toBeUndefined();
	expect(isBackupStale(undefined, now - 3 * DAY, now)).toBe(false);
	expect(isBackupStale(undefined, now - 40 * DAY, now)).toBe(true);
	noteBackup(store, now - 31 * DAY);
	expect(lastBackupAt(store)).toBe(now - 31 * DAY);
	expect(isBackupStale(lastBackupAt(store), now - 400 * DAY, now)).toBe(true);
	noteBackup(store, now - DAY);
	expect(isBackupStale(lastBackupAt(store), now - 400 * DAY, now)).toBe(false);
	map.set('kept.backup.v1', 'not json');
	expect(lastBackupAt(store)).toBeUndefined();
});
