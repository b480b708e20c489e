/** Reading and writing a device's saved shared document directly, for tests that need bulk data. */
import type { Page } from '@playwright/test';
import * as Y from 'yjs';

/** All saved updates of the device's shared space, merged into one update. */
export async function readSavedSpace(page: Page): Promise<Uint8Array> {
	const rows = await page.evaluate(async () => {
		const dbs = (await indexedDB.databases()).filter((d) => d.name?.startsWith('kept-space-'));
		if (dbs.length === 0) return [] as string[];
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(dbs[0].name as string);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const all = await new Promise<Uint8Array[]>((resolve, reject) => {
			const req = db.transaction(['updates'], 'readonly').objectStore('updates').getAll();
			req.onsuccess = () => resolve(req.result as Uint8Array[]);
			req.onerror = () => reject(req.error);
		});
		db.close();
		return all.map((u) => {
			let s = '';
			for (let i = 0; i < u.length; i += 0x8000) {
				s += String.fromCharCode(...u.subarray(i, i + 0x8000));
			}
			return btoa(s);
		});
	});
	return Y.mergeUpdates(rows.map((r) => new Uint8Array(Buffer.from(r, 'base64'))));
}

/** Adds an update to the device's saved shared space, as if it had been synced earlier. */
export async function addSavedUpdate(page: Page, update: Uint8Array): Promise<void> {
	await page.evaluate(async (b64) => {
		const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
		const dbs = (await indexedDB.databases()).filter((d) => d.name?.startsWith('kept-space-'));
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(dbs[0].name as string);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction(['updates'], 'readwrite');
			tx.objectStore('updates').add(bytes);
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	}, Buffer.from(update).toString('base64'));
}

/** The state vector of an update, as text, for comparing two devices. */
export function stateVectorOf(update: Uint8Array): string {
	return Buffer.from(Y.encodeStateVectorFromUpdate(update)).toString('hex');
}
