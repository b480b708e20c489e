/** Shared steps for the journal, privacy and backup tests, written as a person would act. */
import { expect, type Page } from '@playwright/test';
import type { Device } from './peers';
import { expectAccessible } from './axe';

/** Opens "Add my other device" on `from` and adds `to` with the link; both docs come along. */
export async function addOwnDevice(from: Device, to: Device, name: string): Promise<void> {
	await from.page.goto('/invite');
	await from.page.getByRole('button', { name: 'Show the link for my device' }).click();
	const link = await from.page.getByLabel('Link for my own device').inputValue();
	await to.page.goto(link);
	await to.page.getByRole('button', { name: 'Add this device' }).click();
	await expect(to.page.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible({
		timeout: 30_000
	});
}

/** Starts a new journal entry and writes `text` in it; returns the entry's address. */
export async function writeEntry(page: Page, text: string): Promise<string> {
	await page.goto('/journal');
	await page.getByRole('button', { name: 'New entry' }).click();
	const area = page.getByLabel('What’s on your mind');
	await expect(area).toBeFocused();
	await area.fill(text);
	return new URL(page.url()).pathname;
}

/** Selects `passage` inside the text area labelled `label`, as a person dragging over it would. */
export async function selectWords(page: Page, label: string, passage: string): Promise<void> {
	await page.getByLabel(label).evaluate((el, words) => {
		const area = el as HTMLTextAreaElement;
		const start = area.value.indexOf(words);
		if (start < 0) throw new Error(`“${words}” is not in the text`);
		area.focus();
		area.setSelectionRange(start, start + words.length);
	}, passage);
}

/**
 * Everything in every IndexedDB database of the device, as one string: names, keys and values,
 * bytes read as Latin-1 (Yjs stores text as UTF-8, so an ASCII marker shows up as itself).
 */
export async function dumpIndexedDb(
	page: Page,
	/** Only databases whose name starts with this. */
	prefix = ''
): Promise<{ names: string[]; text: string }> {
	return page.evaluate(async (prefix) => {
		const asText = (value: unknown): string => {
			if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
				const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
				let s = '';
				for (let i = 0; i < bytes.length; i += 0x8000) {
					s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
				}
				return s;
			}
			if (Array.isArray(value)) return value.map(asText).join('\n');
			if (value && typeof value === 'object') {
				return Object.entries(value)
					.map(([k, v]) => `${k}:${asText(v)}`)
					.join('\n');
			}
			return String(value);
		};
		const names = (await indexedDB.databases())
			.map((d) => d.name as string)
			.filter((name) => name.startsWith(prefix));
		const parts: string[] = [];
		for (const name of names) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(name);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const tx = db.transaction([store], 'readonly');
				const [keys, values] = await Promise.all(
					[tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
						(req) =>
							new Promise<unknown[]>((resolve, reject) => {
								req.onsuccess = () => resolve(req.result as unknown[]);
								req.onerror = () => reject(req.error);
							})
					)
				);
				parts.push(`${name}/${store}`, asText(keys), asText(values));
			}
			db.close();
		}
		return { names, text: parts.join('\n') };
	}, prefix);
}

/** The device's own settings and keys, as Kept stored them in localStorage. */
export async function deviceKeys(
	page: Page
): Promise<{ room: string; key: string; me: string; journal: { room: string; key: string } }> {
	const raw = await page.evaluate(() => localStorage.getItem('kept.device.v1'));
	return JSON.parse(raw ?? '{}').space;
}

/** axe every way, after `ready` (see `axe.ts`). */
export function checkEveryWay(page: Page, name: string, ready: () => Promise<void>) {
	return expectAccessible(page, name, ready);
}
