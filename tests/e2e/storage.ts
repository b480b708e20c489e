/** Reading and writing a device's saved shared document directly, for tests that need bulk data. */
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { roots } from '../../src/lib/schema';

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

/** Adds an update to the device's saved shared space (or another Kept database), as if synced. */
export async function addSavedUpdate(
	page: Page,
	update: Uint8Array,
	prefix = 'kept-space-'
): Promise<void> {
	await page.evaluate(
		async ([b64, prefix]) => {
			const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const dbs = (await indexedDB.databases()).filter((d) => d.name?.startsWith(prefix));
			const name = dbs[0]?.name ?? prefix;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(name);
				req.onupgradeneeded = () => {
					req.result.createObjectStore('updates', { autoIncrement: true });
					req.result.createObjectStore('custom');
				};
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
		},
		[Buffer.from(update).toString('base64'), prefix] as const
	);
}

/** The state vector of an update, as text, for comparing two devices. */
export function stateVectorOf(update: Uint8Array): string {
	return Buffer.from(Y.encodeStateVectorFromUpdate(update)).toString('hex');
}

/** A space's worth of tracker entries: far over the 256 KiB a single WebRTC message can carry. */
export function bigHistory(targetBytes: number): { update: Uint8Array; ids: string[] } {
	const doc = new Y.Doc();
	const ids: string[] = [];
	let day = Date.UTC(2022, 0, 1);
	while (Y.encodeStateAsUpdate(doc).length < targetBytes) {
		doc.transact(() => {
			for (let i = 0; i < 200; i++) {
				const id = `entry-${ids.length}`;
				ids.push(id);
				roots.log(doc).set(id, {
					id,
					clauseId: `clause-${i % 10}`,
					day: new Date(day).toISOString().slice(0, 10),
					partnerId: i % 2 ? 'partner-a' : 'partner-b',
					outcome: i % 7 ? 'kept' : 'backup',
					note: `Called at eight as agreed; it felt steadier this week (${ids.length}).`,
					recordedAt: day,
					updatedAt: day
				});
				if (i % 20 === 0) day += 86_400_000;
			}
		});
	}
	return { update: Y.encodeStateAsUpdate(doc), ids };
}
