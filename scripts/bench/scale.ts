/**
 * Speed with five years of data: cold start offline against the floor, sizes, and the first
 * full sync to a fresh browser (also at twice the five-year size).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
	baseURL,
	closeDevices,
	createSpace,
	launchDevice,
	waitForSaved
} from '../../tests/e2e/peers';
import { addSavedUpdate, readSavedSpace, stateVectorOf } from '../../tests/e2e/storage';
import { toInviteLink } from '../../src/lib/sync/invite';
import { generateFiveYears } from './five-years';
import { median, type Row } from './stats';

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function profile(dir: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(dir, { executablePath, baseURL });
}

/**
 * The bare floor page, built next to the app so it is served from the same origin. Call it before
 * the server starts: the static server indexes its files once.
 */
export async function buildFloorPage(): Promise<void> {
	mkdirSync('build/_bench', { recursive: true });
	await build({
		entryPoints: ['scripts/bench/floor-page.ts'],
		bundle: true,
		format: 'esm',
		minify: true,
		outfile: 'build/_bench/floor.js',
		logLevel: 'silent'
	});
	writeFileSync(
		'build/_bench/floor.html',
		'<!doctype html><meta charset="utf-8"><title>floor</title><script type="module" src="/_bench/floor.js"></script>'
	);
	await build({
		entryPoints: ['scripts/bench/sync-floor-page.ts'],
		bundle: true,
		format: 'esm',
		minify: true,
		outfile: 'build/_bench/sync-floor.js',
		logLevel: 'silent'
	});
	writeFileSync(
		'build/_bench/sync-floor.html',
		'<!doctype html><meta charset="utf-8"><title>sync floor</title><script type="module" src="/_bench/sync-floor.js"></script>'
	);
}

interface FloorApi {
	load(update: string): void;
	start(room: string, key: string, expect?: string): Promise<{ total: number; fromOpen: number }>;
}

/**
 * The floor of a first full sync: two bare pages with only Kept's peer link and a Y.Doc, one
 * holding `update`. Returns ms from joining, and from the data channel opening, to complete.
 */
async function syncFloor(update: Uint8Array): Promise<{ total: number; fromOpen: number }> {
	const a = await launchDevice('floor A');
	const b = await launchDevice('floor B');
	try {
		for (const d of [a, b]) {
			await d.page.goto('/_bench/sync-floor.html');
			await d.page.waitForSelector('#ready', { state: 'attached' });
		}
		const room = `floor-${Math.random().toString(36).slice(2)}`;
		const key = Math.random().toString(36).slice(2);
		const expect = Buffer.from(Y.encodeStateVectorFromUpdate(update)).toString('base64');
		await a.page.evaluate(
			([u, r, k]) => {
				const floor = (window as unknown as { floor: FloorApi }).floor;
				floor.load(u);
				void floor.start(r, k);
			},
			[Buffer.from(update).toString('base64'), room, key]
		);
		return await b.page.evaluate(
			([r, k, e]) => (window as unknown as { floor: FloorApi }).floor.start(r, k, e),
			[room, key, expect]
		);
	} finally {
		await closeDevices(a, b);
	}
}

/** ms from navigation start until `ready` is true in the page. */
async function timeTo(
	context: BrowserContext,
	path: string,
	ready: () => boolean
): Promise<number> {
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(path);
	await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
	const [now, loaded] = await page.evaluate(() => [
		performance.now(),
		performance.getEntriesByName('kept:data-loaded')[0]?.startTime ?? NaN
	]);
	lastDataLoaded = loaded;
	return now;
}

/** When the last page timed had its saved data in memory (the app's own mark). */
let lastDataLoaded = NaN;

/**
 * Creates Alex's space on `page` and saves `copies` five-year histories into it (seeds 7, 8, …).
 * Returns the whole space, and an "Add my other device" link for Sam: a new phone of Sam's,
 * added with it, writes nothing of its own before the first sync.
 */
export async function spaceWithYears(
	page: Page,
	copies = 1
): Promise<{ whole: Uint8Array; room: string; samsNewDevice: string }> {
	const invite = await createSpace(page, 'Alex');
	let base = await readSavedSpace(page);
	let sam = '';
	for (let c = 0; c < copies; c++) {
		const g = generateFiveYears({ base, seed: 7 + c });
		if (c === 0) sam = g.partners.b.id;
		const update = Y.encodeStateAsUpdate(g.shared, Y.encodeStateVectorFromUpdate(base));
		await addSavedUpdate(page, update);
		base = Y.mergeUpdates([base, update]);
	}
	// The space's own keys are in the device's settings (no partner invite carries them).
	const { room, key } = JSON.parse(
		(await page.evaluate(() => localStorage.getItem('kept.device.v1'))) ?? '{}'
	).space as { room: string; key: string };
	const samsNewDevice = toInviteLink(
		{ kind: 'device', room, key, partnerId: sam },
		new URL(invite).origin
	);
	return { whole: base, room, samsNewDevice };
}

/** Runs the five-year measurements, adding rows. */
export async function runScale(rows: Row[]): Promise<void> {
	const appDir = mkdtempSync(join(tmpdir(), 'kept-bench-app-'));
	const floorDir = mkdtempSync(join(tmpdir(), 'kept-bench-floor-'));
	try {
		// A device with a five-year space in IndexedDB, its service worker installed.
		let app = await profile(appDir);
		const page = app.pages()[0] ?? (await app.newPage());
		const { whole, room } = await spaceWithYears(page);
		const years = new Y.Doc();
		Y.applyUpdate(years, whole);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await waitForSaved(page);
		const encoded = Y.encodeStateAsUpdate(years).length;
		const onDisk = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
		rows.push({ name: 'Five-year space, encoded', value: Math.round(encoded / 1024), unit: 'KiB' });
		rows.push({
			name: 'Five-year space, on disk (IndexedDB usage)',
			value: Math.round(onDisk / 1024),
			unit: 'KiB'
		});
		await app.close();

		// The floor's own profile holds the same document.
		let floor = await profile(floorDir);
		const fp = floor.pages()[0] ?? (await floor.newPage());
		await fp.goto('/_bench/floor.html?db=kept-space-' + room);
		await fp.waitForSelector('#ready');
		await addSavedUpdate(fp, Y.encodeStateAsUpdate(years), 'kept-space-' + room);
		await floor.close();

		const appRuns: number[] = [];
		const loadedRuns: number[] = [];
		const floorRuns: number[] = [];
		for (let i = 0; i < 5; i++) {
			app = await profile(appDir);
			await app.setOffline(true);
			appRuns.push(
				await timeTo(
					app,
					'/',
					() =>
						document.querySelectorAll('main article').length > 0 &&
						document.body.innerText.includes('Your commitments today')
				)
			);
			loadedRuns.push(lastDataLoaded);
			await app.close();
			floor = await profile(floorDir);
			floorRuns.push(
				await timeTo(
					floor,
					'/_bench/floor.html?db=kept-space-' + room,
					() => !!document.getElementById('ready')
				)
			);
			await floor.close();
		}
		const cold = median(appRuns);
		const bare = median(floorRuns);
		rows.push({
			name: 'Cold start offline → Today, five years (new browser)',
			value: cold,
			unit: 'ms'
		});
		rows.push({
			name: '  of which: app code and saved data in memory',
			value: median(loadedRuns),
			unit: 'ms'
		});
		rows.push({
			name: 'Floor: bare page loads the same space from IndexedDB',
			value: bare,
			unit: 'ms'
		});
		rows.push({ name: 'Cold start ÷ floor', value: cold / bare, unit: '×', note: 'target ≤ 1.5' });

		// The long arc's timeline over five years (warm: the same browser, page loaded again).
		app = await profile(appDir);
		const arcRuns: number[] = [];
		for (let i = 0; i < 5; i++) {
			arcRuns.push(
				await timeTo(
					app,
					'/arc',
					() => !!document.querySelector('[data-testid="arc-timeline"] svg path.line[d^="M"]')
				)
			);
		}
		await app.close();
		rows.push({
			name: 'Timeline of five years rendered (/arc, warm)',
			value: median(arcRuns),
			unit: 'ms'
		});

		// The first full sync to a fresh browser, at five years and at twice that.
		for (const [label, copies] of [
			['five-year', 1],
			['ten-year (2× five years)', 2]
		] as const) {
			const times: number[] = [];
			const fromOpen: number[] = [];
			let whole: Uint8Array = new Uint8Array();
			for (let run = 0; run < (copies === 1 ? 5 : 3); run++) {
				const a = await launchDevice('A');
				const b = await launchDevice('B');
				try {
					const space = await spaceWithYears(a.page, copies);
					whole = space.whole;
					await a.page.goto('/');
					await a.page.getByText('Looking for Sam').first().waitFor({ timeout: 60_000 });
					await b.page.goto(space.samsNewDevice);
					const start = await b.page.evaluate(() => performance.now());
					await b.page.getByRole('button', { name: 'Add this device' }).click();
					await b.page.waitForFunction(
						() => document.body.innerText.includes('Connected to Alex'),
						undefined,
						{
							polling: 'raf',
							timeout: 120_000
						}
					);
					const [end, open] = await b.page.evaluate(() => [
						performance.now(),
						performance.getEntriesByName('kept:channel-open')[0]?.startTime ?? NaN
					]);
					times.push(end - start);
					fromOpen.push(end - open);
					await waitForSaved(b.page);
					const same =
						stateVectorOf(await readSavedSpace(a.page)) ===
						stateVectorOf(await readSavedSpace(b.page));
					if (!same) throw new Error(`the ${label} space did not arrive whole`);
				} finally {
					await closeDevices(a, b);
				}
			}
			const floors: { total: number; fromOpen: number }[] = [];
			for (let run = 0; run < (copies === 1 ? 5 : 3); run++) floors.push(await syncFloor(whole));
			const app = median(fromOpen);
			const floor = median(floors.map((f) => f.fromOpen));
			rows.push({
				name: `First full sync, ${label} space (join → synced, complete)`,
				value: median(times),
				unit: 'ms'
			});
			rows.push({
				name: `  from the data channel opening`,
				value: app,
				unit: 'ms'
			});
			rows.push({
				name: `  floor: bare pages, join → complete`,
				value: median(floors.map((f) => f.total)),
				unit: 'ms'
			});
			rows.push({
				name: `  floor: from the data channel opening`,
				value: floor,
				unit: 'ms'
			});
			rows.push({
				name: `  first sync ÷ floor (from the channel opening)`,
				value: app / floor,
				unit: '×',
				note: 'target ≤ 2'
			});
		}
	} finally {
		rmSync(appDir, { recursive: true, force: true });
		rmSync(floorDir, { recursive: true, force: true });
	}
}
