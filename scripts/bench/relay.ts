/**
 * The `relay` group: the mailbox measured in this process against a real server (HTTP, SQLite
 * file, the /signal notice), with the server's clock moved forward for the days away.
 * - catch-up after 30 days away (time from opening to applied, KB downloaded);
 * - a new device restoring a five-year space through the mailbox;
 * - storage per couple after a month of typical use;
 * - blobs per second one server process accepts spread over 1,000 mailboxes;
 * - edit → partner's document through the live mailbox path (flush delay, upload, notice, fetch).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createApp, type App } from '../../server/app';
import { KIND, mailboxIdOf } from '../../server/relay/protocol';
import { openSqliteStore } from '../../server/relay/sqlite';
import { toBase64Url } from '../../src/lib/sync/base64';
import { deriveRelayKeys } from '../../src/lib/relay/keys';
import { memoryStateStore } from '../../src/lib/relay/state';
import { MailboxSync } from '../../src/lib/relay/sync';
import { generateFiveYears } from './five-years';
import { median, quantile, type Row } from './stats';

const DAY = 86_400_000;
let clock = Date.UTC(2026, 0, 1);
let downloaded = 0;

const realFetch = globalThis.fetch;
/** Counts the bytes of every response the mailbox code receives (only while this group runs). */
const countingFetch: typeof fetch = async (input, init) => {
	const res = await realFetch(input, init);
	const body = await res.arrayBuffer();
	downloaded += body.byteLength;
	return new Response(body, { status: res.status, headers: res.headers });
};

interface Server {
	app: App;
	base: string;
	file: string;
	dir: string;
}

async function server(): Promise<Server> {
	const dir = mkdtempSync(join(tmpdir(), 'kept-bench-relay-'));
	writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kept</title>');
	const file = join(dir, 'relay.sqlite');
	const app = createApp({
		root: dir,
		port: 0,
		allowNonBrowserClients: true,
		relay: {
			store: openSqliteStore(file),
			now: () => clock,
			limits: { requestsPerMinute: 1e9, writesPerMinute: 1e9, newMailboxesPerHour: 1e9 }
		}
	});
	return { app, base: await app.listen(), file, dir };
}

async function phone(
	s: Server,
	key: string,
	name: string,
	doc = new Y.Doc(),
	flushDelayMs = 60_000
) {
	const keys = await deriveRelayKeys(key, 'space', 0, name);
	const sync = new MailboxSync({
		doc,
		keys,
		base: s.base,
		store: memoryStateStore(),
		isRemote: () => false,
		flushDelayMs,
		now: () => clock
	});
	return { doc, sync, keys };
}

/** One day of typical use: four sessions of about nine small edits (lists, a note, dates). */
function session(doc: Y.Doc, day: number, n: number): void {
	for (let i = 0; i < 9; i++) {
		doc.transact(() => {
			if (i % 3 === 0)
				doc.getMap('log').set(`d${day}-${n}-${i}`, { kept: true, day, note: 'call at 8' });
			else if (i % 3 === 1) doc.getText('note').insert(0, 'a few words today ');
			else doc.getArray('dates').push([{ day, at: 20 }]);
		});
	}
}

async function catchUp30(rows: Row[]): Promise<void> {
	const times: number[] = [];
	let kb = 0;
	let storedKb = 0;
	for (let run = 0; run < 3; run++) {
		clock = Date.UTC(2026, 0, 1);
		const s = await server();
		const key = toBase64Url(randomBytes(32));
		const alex = await phone(s, key, 'alex');
		const sam = await phone(s, key, 'sam');
		await alex.sync.start();
		await sam.sync.start();
		for (let day = 0; day < 30; day++) {
			for (let n = 0; n < 4; n++) {
				clock += 3 * 3_600_000;
				session(alex.doc, day, n);
				await alex.sync.flush();
			}
			clock += DAY - 12 * 3_600_000;
			await alex.sync.sync();
		}
		sam.sync.stop();
		const back = await phone(s, key, 'sam', sam.doc);
		downloaded = 0;
		const t0 = performance.now();
		await back.sync.start();
		times.push(performance.now() - t0);
		kb = downloaded / 1024;
		storedKb = (alex.sync.meta?.bytes ?? 0) / 1024;
		if (Y.encodeStateAsUpdate(back.doc).length < Y.encodeStateAsUpdate(alex.doc).length * 0.9) {
			throw new Error('the returning phone did not catch up');
		}
		await s.app.close();
		rmSync(s.dir, { recursive: true, force: true });
	}
	rows.push(
		{
			name: 'Mailbox: catch-up after 30 days away',
			value: median(times),
			unit: 'ms',
			note: 'median of 3'
		},
		{ name: 'Mailbox: downloaded for that catch-up', value: Math.round(kb), unit: 'KB' },
		{
			name: 'Mailbox: stored per couple after a month',
			value: Math.round(storedKb),
			unit: 'KB',
			note: 'sealed blobs, padded; 4 sessions a day'
		}
	);
}

async function fiveYearDevice(rows: Row[]): Promise<void> {
	clock = Date.UTC(2026, 0, 1);
	const s = await server();
	const key = toBase64Url(randomBytes(32));
	const g = generateFiveYears({ seed: 3 });
	const alex = await phone(s, key, 'alex', g.shared);
	await alex.sync.start();
	const times: number[] = [];
	let kb = 0;
	for (let run = 0; run < 3; run++) {
		const fresh = await phone(s, key, `new-${run}`);
		downloaded = 0;
		const t0 = performance.now();
		await fresh.sync.start();
		times.push(performance.now() - t0);
		kb = downloaded / 1024;
		fresh.sync.stop();
	}
	rows.push({
		name: 'Mailbox: new device restores a five-year space',
		value: median(times),
		unit: 'ms',
		note: `${Math.round(kb)} KB downloaded; state ${Math.round(Y.encodeStateAsUpdate(g.shared).length / 1024)} KB`
	});
	await s.app.close();
	rmSync(s.dir, { recursive: true, force: true });
}

async function throughput(rows: Row[]): Promise<void> {
	const s = await server();
	const boxes = Array.from({ length: 1000 }, () => {
		const token = randomBytes(32);
		return { id: mailboxIdOf(token), auth: `Bearer ${token.toString('base64url')}`, seq: 0 };
	});
	const body = (seq: number) => {
		const b = randomBytes(30 + 440);
		b[0] = 1;
		b[1] = KIND.update;
		b.fill(7, 2, 10);
		b.writeUInt32BE(seq, 10);
		b.writeUInt32BE(0, 14);
		return b;
	};
	let sent = 0;
	const until = performance.now() + 10_000;
	const worker = async () => {
		while (performance.now() < until) {
			const box = boxes[sent++ % boxes.length];
			const res = await realFetch(`${s.base}/relay/v1/m/${box.id}/blobs`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/octet-stream', Authorization: box.auth },
				body: body(++box.seq)
			});
			await res.arrayBuffer();
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: 32 }, worker));
	rows.push({
		name: 'Mailbox: blobs/s accepted, 1,000 mailboxes',
		value: Math.round(sent / ((performance.now() - t0) / 1000)),
		unit: '/s',
		note: '470 B envelopes, 32 at once, one process, SQLite file'
	});
	await s.app.close();
	rmSync(s.dir, { recursive: true, force: true });
}

async function liveLatency(rows: Row[]): Promise<void> {
	clock = Date.now();
	const s = await server();
	const key = toBase64Url(randomBytes(32));
	const alex = await phone(s, key, 'alex', new Y.Doc(), 800);
	const sam = await phone(s, key, 'sam', new Y.Doc(), 800);
	await alex.sync.start();
	await sam.sync.start();
	const ws = new WebSocket(s.base.replace(/^http/, 'ws') + '/signal');
	await new Promise((done) => ws.once('open', done));
	ws.send(JSON.stringify({ type: 'relay-watch', tokens: [sam.keys.token] }));
	ws.on('message', (data) => {
		if (JSON.parse(String(data)).type === 'relay-notice') void sam.sync.pull();
	});
	const samples: number[] = [];
	for (let i = 0; i < 20; i++) {
		const arrived = new Promise<void>((done) =>
			sam.doc.getMap('m').observe(function seen() {
				sam.doc.getMap('m').unobserve(seen);
				done();
			})
		);
		const t0 = performance.now();
		alex.doc.getMap('m').set(`k${i}`, i);
		await arrived;
		samples.push(performance.now() - t0);
	}
	ws.close();
	alex.sync.stop();
	sam.sync.stop();
	rows.push(
		{
			name: 'Mailbox: edit → partner’s document (live, median)',
			value: median(samples),
			unit: 'ms',
			note: 'includes the 0.8 s wait for more edits'
		},
		{
			name: 'Mailbox: edit → partner’s document (p95)',
			value: quantile(samples, 0.95),
			unit: 'ms',
			note: 'WebRTC beside it: see the latency group'
		}
	);
	await s.app.close();
	rmSync(s.dir, { recursive: true, force: true });
}

/** Runs the relay group. */
export async function runRelay(rows: Row[]): Promise<void> {
	globalThis.fetch = countingFetch;
	try {
		await catchUp30(rows);
		await fiveYearDevice(rows);
		await throughput(rows);
		await liveLatency(rows);
	} finally {
		globalThis.fetch = realFetch;
	}
}
