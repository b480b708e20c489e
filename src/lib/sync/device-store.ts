/**
 * A durable copy of the device settings in IndexedDB. localStorage is written to disk lazily:
 * a browser killed seconds after a space was created can come back without it, and the space's
 * data would sit on the device with nothing pointing to it. IndexedDB commits are durable, so
 * the settings are kept there too and read back when localStorage has lost them.
 */
import type { DeviceSettings } from './device';

/** The database holding the durable copy. */
export const DEVICE_DB = 'kept-device';
const STORE = 'settings';
const KEY = 'device';

function open(): Promise<IDBDatabase | null> {
	return new Promise((resolve) => {
		try {
			const req = indexedDB.open(DEVICE_DB, 1);
			req.onupgradeneeded = () => req.result.createObjectStore(STORE);
			req.onsuccess = () => resolve(req.result);
			req.onerror = req.onblocked = () => resolve(null);
		} catch {
			resolve(null);
		}
	});
}

/** Writes the settings; resolves once committed (or at once where IndexedDB is refused). */
export async function saveDeviceDurably(settings: DeviceSettings): Promise<void> {
	const db = await open();
	if (!db) return;
	await new Promise<void>((resolve) => {
		try {
			const tx = db.transaction([STORE], 'readwrite');
			tx.objectStore(STORE).put(JSON.stringify(settings), KEY);
			tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
		} catch {
			resolve();
		}
	});
	db.close();
}

/** Reads the settings back, or null when there are none (or IndexedDB is refused). */
export async function loadDeviceDurably(): Promise<DeviceSettings | null> {
	const db = await open();
	if (!db) return null;
	const raw = await new Promise<unknown>((resolve) => {
		try {
			const req = db.transaction([STORE], 'readonly').objectStore(STORE).get(KEY);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => resolve(null);
		} catch {
			resolve(null);
		}
	});
	db.close();
	try {
		const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : null;
		return parsed && typeof parsed === 'object' ? (parsed as DeviceSettings) : null;
	} catch {
		return null;
	}
}
