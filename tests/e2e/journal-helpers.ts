/** Shared steps for the journal, privacy and backup tests, written as a person would act. */
import { expect, type Page } from '@playwright/test';
import type { Device } from './peers';
import { expectAccessible } from './axe';

/** The Kept passcode the tests set (headless Chromium offers no platform screen lock). */
export const PASSCODE = 'our-quiet-harbour';

/** "Add my other device" on `from` up to its one-time link: the passcode first. */
export async function deviceLinkOn(from: Device): Promise<string> {
	await from.page.goto('/invite');
	await from.page.getByRole('button', { name: 'Show the link for my device' }).click();
	const setting = from.page.getByLabel('New Kept passcode');
	await expect(setting.or(from.page.getByLabel('Kept passcode'))).toBeVisible();
	if (await setting.isVisible()) {
		await setting.fill(PASSCODE);
		await from.page.getByLabel('The passcode again').fill(PASSCODE);
		await from.page.getByRole('button', { name: 'Set the passcode and continue' }).click();
	} else {
		await from.page.getByLabel('Kept passcode').fill(PASSCODE);
		await from.page.getByRole('button', { name: 'Continue' }).click();
	}
	return from.page.getByLabel('Link for my own device').inputValue();
}

/**
 * Opens "Add my other device" on `from` and adds `to` with the link, the owner confirming on
 * `from` that both show the same code; both docs come along.
 */
export async function addOwnDevice(from: Device, to: Device, name: string): Promise<void> {
	const link = await deviceLinkOn(from);
	await to.page.goto(link);
	await to.page.getByRole('button', { name: 'Add this device' }).click();
	const code = await to.page.getByTestId('match-code').textContent({ timeout: 30_000 });
	await expect(from.page.getByTestId('match-code')).toHaveText(code ?? '', { timeout: 30_000 });
	await from.page.getByRole('button', { name: 'It shows the same code: add it' }).click();
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
