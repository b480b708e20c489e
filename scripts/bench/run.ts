/**
 * Kept's benchmarks. Each device is its own Chromium process, as in the browser tests.
 * Prints a table and writes bench-results/bench.json. Timings are medians of several runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createApp } from '../../server/app';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved,
	type Device
} from '../../tests/e2e/peers';
import { addSavedUpdate, bigHistory } from '../../tests/e2e/storage';
import { buildFloorPage, runScale } from './scale';
import { runSignalLoad, signalLoadRows } from './signal-load';
import { median, printTable, quantile, type Row } from './stats';

const port = Number(process.env.E2E_PORT ?? 4193);
const rows: Row[] = [];
mkdirSync('bench-results', { recursive: true });
await buildFloorPage();
const app = createApp({ root: 'build', port, host: '127.0.0.1' });
await app.listen();

/** ms since navigation start at which `text` first appears in the page. */
async function timeUntilText(d: Device, text: string): Promise<number> {
	await d.page.waitForFunction((t) => document.body.innerText.includes(t), text, {
		polling: 'raf',
		timeout: 60_000
	});
	return d.page.evaluate(() => performance.now());
}

async function firstLoad(): Promise<void> {
	const samples: number[] = [];
	const a = await launchDevice('A');
	try {
		await createSpace(a.page, 'Alex');
		await waitForSaved(a.page);
		for (let i = 0; i < 7; i++) {
			await a.page.goto('/');
			samples.push(await timeUntilText(a, 'Not paired yet'));
		}
	} finally {
		await closeDevices(a);
	}
	rows.push({
		name: 'First load to interactive, empty space (warm)',
		value: median(samples),
		unit: 'ms'
	});

	// The bytes of JavaScript a brand-new visitor downloads, as gzip.
	const b = await launchDevice('B');
	const scripts = new Set<string>();
	b.page.on('response', (r) => {
		if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
	});
	await b.page.goto('/');
	await b.page.getByRole('button', { name: 'Create our space' }).waitFor();
	await closeDevices(b);
	let bytes = 0;
	for (const path of scripts) {
		const gz = `build${path}.gz`;
		bytes += existsSync(gz) ? readFileSync(gz).length : readFileSync(`build${path}`).length;
	}
	rows.push({
		name: 'JS of the first load (gzip)',
		value: Math.round(bytes / 102.4) / 10,
		unit: 'KiB',
		note: `${scripts.size} files`
	});
}

async function pairedPair(): Promise<[Device, Device]> {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const link = await createSpace(a.page, 'Alex');
	await joinFromLink(b.page, link, 'Sam');
	await expectConnected(b.page, 'Alex');
	await a.page.goto('/');
	await expectConnected(a.page, 'Sam');
	return [a, b];
}

async function connectAndLatency(): Promise<void> {
	const [a, b] = await pairedPair();
	try {
		const connect: number[] = [];
		for (let i = 0; i < 5; i++) {
			await b.page.goto('/');
			connect.push(await timeUntilText(b, 'Connected to Alex'));
		}
		rows.push({
			name: 'WebRTC connect (page load → connected)',
			value: median(connect),
			unit: 'ms'
		});

		await a.page.goto('/settings');
		await b.page.evaluate(() => {
			const w = window as unknown as { seen: Record<string, number> };
			w.seen = {};
			new MutationObserver(() => {
				const m = document.body.innerText.match(/Connected to (Alex-\d+)/);
				if (m && !(m[1] in w.seen)) w.seen[m[1]] = performance.timeOrigin + performance.now();
			}).observe(document.body, { subtree: true, childList: true, characterData: true });
		});
		const latency: number[] = [];
		for (let i = 0; i < 50; i++) {
			const name = `Alex-${i}`;
			await a.page.getByLabel('My name').fill(name);
			const sentAt = await a.page.evaluate(() => {
				const t = performance.timeOrigin + performance.now();
				(document.querySelector('form button[type=submit]') as HTMLButtonElement).click();
				return t;
			});
			await b.page
				.waitForFunction((n) => n in (window as unknown as { seen: object }).seen, name)
				.catch(async (e) => {
					console.log(i, await b.page.innerText('body'), await a.page.innerText('body'));
					throw e;
				});
			const seenAt = await b.page.evaluate(
				(n) => (window as unknown as { seen: Record<string, number> }).seen[n],
				name
			);
			latency.push(seenAt - sentAt);
		}
		rows.push({
			name: 'Edit → visible on partner, median (50 edits)',
			value: median(latency),
			unit: 'ms'
		});
		rows.push({
			name: 'Edit → visible on partner, p95',
			value: quantile(latency, 0.95),
			unit: 'ms'
		});
	} finally {
		await closeDevices(a, b);
	}
}

/** A keystroke in a contract clause, from keydown on one device to the text on the other's screen. */
async function keystrokeLatency(): Promise<void> {
	const [a, b] = await pairedPair();
	try {
		for (const d of [a, b]) {
			await d.page
				.getByRole('navigation', { name: 'Sections' })
				.getByRole('link', { name: 'Contract' })
				.click();
		}
		await a.page.getByRole('button', { name: 'Add a behaviour' }).click();
		const field = a.page.getByRole('textbox', { name: 'Commitment', exact: true }).last();
		await field.waitFor();
		await field.click();
		await a.page.evaluate(() => {
			const w = window as unknown as { downs: number[] };
			w.downs = [];
			addEventListener(
				'keydown',
				() => w.downs.push(performance.timeOrigin + performance.now()),
				true
			);
		});
		await b.page.evaluate(() => {
			const w = window as unknown as { arrivals: Record<number, number> };
			w.arrivals = {};
			// The partner sees the clause as it is typed (not in an editor): count the typed marks.
			const read = () => {
				const n = (document.querySelector('main')?.textContent ?? '').split('§').length - 1;
				if (n > 0 && !(n in w.arrivals)) w.arrivals[n] = performance.timeOrigin + performance.now();
			};
			new MutationObserver(read).observe(document.body, {
				subtree: true,
				childList: true,
				characterData: true
			});
		});
		const samples: number[] = [];
		for (let i = 1; i <= 60; i++) {
			await a.page.keyboard.type('§');
			await b.page.waitForFunction(
				(n) => n in (window as unknown as { arrivals: object }).arrivals,
				i
			);
			const down = await a.page.evaluate(
				(n) => (window as unknown as { downs: number[] }).downs[n - 1],
				i
			);
			const seen = await b.page.evaluate(
				(n) => (window as unknown as { arrivals: Record<number, number> }).arrivals[n],
				i
			);
			if (i > 10) samples.push(seen - down);
		}
		rows.push({
			name: 'Keystroke in a clause → partner, median',
			value: median(samples),
			unit: 'ms'
		});
		rows.push({
			name: 'Keystroke in a clause → partner, p95',
			value: quantile(samples, 0.95),
			unit: 'ms'
		});
	} finally {
		await closeDevices(a, b);
	}
}

async function bigFirstSync(): Promise<void> {
	const { update } = bigHistory(4.2 * 1024 * 1024);
	const samples: number[] = [];
	for (let i = 0; i < 3; i++) {
		const a = await launchDevice('A');
		const b = await launchDevice('B');
		try {
			const link = await createSpace(a.page, 'Alex');
			await addSavedUpdate(a.page, update);
			await a.page.goto('/');
			await a.page.getByText('Not paired yet').first().waitFor();
			await b.page.goto(link);
			await b.page.getByLabel('Your name').fill('Sam');
			const start = await b.page.evaluate(() => performance.now());
			await b.page.getByRole('button', { name: 'Join our space' }).click();
			samples.push((await timeUntilText(b, 'Connected to Alex')) - start);
		} finally {
			await closeDevices(a, b);
		}
	}
	rows.push({
		name: `First sync of a ${(update.length / 1048576).toFixed(1)} MiB space (join → synced)`,
		value: median(samples),
		unit: 'ms'
	});
}

/** Lighthouse 12.2.3 (mobile): performance and accessibility of the first screen. */
async function lighthouse(): Promise<void> {
	const cli = '.cache/lighthouse/node_modules/lighthouse/cli/index.js';
	if (!existsSync(cli)) throw new Error('Lighthouse is not installed in .cache/lighthouse');
	const scores: Record<string, number[]> = { performance: [], accessibility: [] };
	for (let i = 0; i < 3; i++) {
		const out = `bench-results/lighthouse-${i}.json`;
		const run = spawnSync(
			'node',
			[
				cli,
				`http://localhost:${port}/`,
				'--only-categories=performance,accessibility',
				'--form-factor=mobile',
				'--output=json',
				`--output-path=${out}`,
				'--quiet',
				'--chrome-flags=--headless=new --no-sandbox'
			],
			{ env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' } }
		);
		if (run.status !== 0) throw new Error(`Lighthouse failed: ${String(run.stderr).slice(-400)}`);
		const report = JSON.parse(readFileSync(out, 'utf8')) as {
			categories: Record<string, { score: number }>;
		};
		for (const k of Object.keys(scores)) scores[k].push(report.categories[k].score);
	}
	rows.push({
		name: 'Lighthouse performance (mobile, median of 3)',
		value: median(scores.performance),
		unit: ''
	});
	rows.push({
		name: 'Lighthouse accessibility (mobile)',
		value: median(scores.accessibility),
		unit: ''
	});
}

const only = process.argv.slice(2);
const suites: [string, () => Promise<void>][] = [
	['load', firstLoad],
	['latency', connectAndLatency],
	['keystroke', keystrokeLatency],
	['bigsync', bigFirstSync],
	['scale', () => runScale(rows)],
	['lighthouse', lighthouse],
	['signal', async () => void rows.push(...signalLoadRows(await runSignalLoad()))]
];
let failed = false;
try {
	for (const [name, run] of suites) {
		if (only.length > 0 && !only.includes(name)) continue;
		// One suite that fails still leaves the others' numbers standing.
		await run().catch((error: unknown) => {
			failed = true;
			console.error(`Benchmark "${name}" failed:`, error);
		});
	}
} finally {
	await app.close();
}
printTable(rows);
writeFileSync(
	'bench-results/bench.json',
	JSON.stringify({ at: new Date().toISOString(), rows }, null, '\t')
);
console.log('\nWritten to bench-results/bench.json');
if (failed) process.exit(1);
