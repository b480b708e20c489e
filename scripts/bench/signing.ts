/**
 * The cost of signatures (src/lib/trust), in Node: signing and verifying one record, a week of
 * records, and every record of the five-year space, with and without the verification caches;
 * and opening the five-year space (decoding it and reading the arc) with a week of signed
 * records checked, beside the same without signatures.
 *
 *   npm run bench -- signing          (with the other groups' set-up), or alone:
 *   node --import tsx scripts/bench/signing.ts
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { roots } from '../../src/lib/schema';
import { readArc, fold } from '../../src/lib/arc';
import {
	checkRecords,
	emptyLockMemory,
	generateSigningKeys,
	keysWrittenSince,
	observe,
	prefetchRecords,
	SIGNED_KINDS,
	signValue,
	VerificationCache,
	verifyValue,
	type PinnedKeys,
	type RecordKind,
	type SeenRecord,
	type VerifyContext
} from '../../src/lib/trust';
import { generateFiveYears } from './five-years';
import { median, printTable, type Row } from './stats';

const DAY = 24 * 60 * 60 * 1000;
const KINDS: Record<string, RecordKind> = {
	entry: SIGNED_KINDS.entry,
	amendment: SIGNED_KINDS.amendment,
	ack: SIGNED_KINDS.ack,
	reaction: SIGNED_KINDS.reaction,
	talk: SIGNED_KINDS.talk,
	hardDay: SIGNED_KINDS.hardDay
};
const kindOf = (v: unknown): RecordKind | undefined =>
	KINDS[(v as { type?: string } | undefined)?.type ?? ''];

type Records = [string, Record<string, unknown>][];

/** Median ms of `runs` calls of `fn` (after one warm-up), each on what an untimed `setup` made. */
function time<T>(runs: number, setup: () => T, fn: (input: T) => void): number {
	fn(setup());
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const input = setup();
		const t0 = performance.now();
		fn(input);
		samples.push(performance.now() - t0);
	}
	return median(samples);
}

/** Fresh copies, so the per-object cache cannot answer (as after reopening the space). */
const copies = (records: Records): Records =>
	records.map(([k, v]) => [k, structuredClone(v)] as [string, Record<string, unknown>]);

/** Measures signing; pushes its rows. */
export async function runSigning(rows: Row[]): Promise<void> {
	const space = generateFiveYears({ seed: 1 });
	const { a, b } = space.partners;
	const keys = { [a.id]: generateSigningKeys(), [b.id]: generateSigningKeys() };
	const log = roots.log(space.shared);
	const all: Records = [];
	for (const [key, value] of log) {
		const kind = kindOf(value);
		const v = value as Record<string, unknown>;
		if (kind && kind.author(v) && kind.time(v) !== undefined && keys[kind.author(v)!]) {
			all.push([key, v]);
		}
	}
	const latest = Math.max(...all.map(([, v]) => kindOf(v)!.time(v)!));
	const weekFrom = latest - 7 * DAY;
	const sign = ([key, v]: [string, Record<string, unknown>]): [string, Record<string, unknown>] => {
		const kind = kindOf(v)!;
		return [key, signValue(kind, key, v, keys[kind.author(v)!])];
	};
	const pin = (since: number): PinnedKeys => ({
		[a.id]: { publicKey: keys[a.id].publicKey, pinnedAt: since, signingSince: since },
		[b.id]: { publicKey: keys[b.id].publicKey, pinnedAt: since, signingSince: since }
	});

	// One record.
	const sample = all.slice(-300);
	const none = () => undefined;
	const signPer = (time(3, none, () => sample.forEach(sign)) / sample.length) * 1000;
	const signedSample = sample.map(sign);
	const verifyPer =
		(time(
			3,
			() => copies(signedSample),
			(records) => {
				const ctx: VerifyContext = { pinned: pin(0) };
				for (const [k, v] of records) verifyValue(kindOf(v)!, k, v, ctx);
			}
		) /
			sample.length) *
		1000;
	rows.push({
		name: 'Sign one record',
		value: signPer,
		unit: 'µs',
		note: `${sample.length} records`
	});
	rows.push({ name: 'Verify one record, uncached', value: verifyPer, unit: 'µs' });

	// A week: the records of the last seven days signed, the rest from before signatures.
	const weekSigned = all.map((r) => (kindOf(r[1])!.time(r[1])! >= weekFrom ? sign(r) : r));
	const week = weekSigned.filter(([, v]) => 'sig' in v);
	const weekPinned = pin(weekFrom);
	const check = (records: Iterable<[string, unknown]>, ctx: VerifyContext) => {
		const out = checkRecords(records, kindOf, ctx);
		if (out.some((r) => !(r.verdict.status === 'signed' || r.verdict.status === 'unsigned-legacy')))
			throw new Error('A record did not verify');
	};
	const weekCache = new VerificationCache();
	check(copies(week), { pinned: weekPinned, cache: weekCache });
	const weekCtx: VerifyContext = { pinned: weekPinned };
	rows.push({
		name: 'Verify a week of records, uncached',
		value: time(
			5,
			() => copies(week),
			(records) => check(records, { pinned: weekPinned })
		),
		unit: 'ms',
		note: `${week.length} records`
	});
	rows.push({
		name: 'Verify a week of records, saved cache (reopened)',
		value: time(
			5,
			() => copies(week),
			(records) =>
				check(records, { pinned: weekPinned, cache: new VerificationCache(weekCache.toJSON()) })
		),
		unit: 'ms'
	});
	rows.push({
		name: 'Verify a week of records, views re-reading',
		value: time(5, none, () => check(week, weekCtx)),
		unit: 'ms'
	});

	// The whole five-year space, every record signed (years of use after this change).
	const fiveSigned = all.map(sign);
	// Once, without a warm-up (a warm-up would fill the cache).
	const fiveCache = new VerificationCache();
	const fiveCopies = copies(fiveSigned);
	const t0 = performance.now();
	check(fiveCopies, { pinned: pin(0), cache: fiveCache });
	rows.push({
		name: 'Verify five years, every record signed, uncached',
		value: performance.now() - t0,
		unit: 'ms',
		note: `${fiveSigned.length} records`
	});
	const platformCopies = copies(fiveSigned);
	const t1 = performance.now();
	const platformCache = new VerificationCache();
	await prefetchRecords(platformCopies, kindOf, platformCache);
	check(platformCopies, { pinned: pin(0), cache: platformCache });
	rows.push({
		name: 'Verify five years, uncached, WebCrypto Ed25519 ahead of the view',
		value: performance.now() - t1,
		unit: 'ms'
	});
	rows.push({
		name: 'Verify five years, saved cache (reopened)',
		value: time(
			3,
			() => copies(fiveSigned),
			(records) =>
				check(records, { pinned: pin(0), cache: new VerificationCache(fiveCache.toJSON()) })
		),
		unit: 'ms',
		note: `cache ${Math.round(JSON.stringify(fiveCache).length / 1024)} KiB`
	});
	const fiveCtx: VerifyContext = { pinned: pin(0) };
	rows.push({
		name: 'Verify five years, views re-reading',
		value: time(3, none, () => check(fiveSigned, fiveCtx)),
		unit: 'ms'
	});

	// The lock memory: the first look at five years hashes and remembers every record; a look
	// after reopening compares only what was written since the last one.
	const seenIn = (doc: Y.Doc): SeenRecord[] => {
		const out: SeenRecord[] = [];
		for (const [key, value] of roots.log(doc)) {
			const kind = kindOf(value);
			const v = value as Record<string, unknown>;
			const author = kind?.author(v);
			const at = kind?.time(v);
			if (kind && author && at !== undefined)
				out.push({ key: `${kind.kind}:${key}`, author, time: at, value });
		}
		return out;
	};
	const lockDoc = new Y.Doc();
	Y.applyUpdate(lockDoc, Y.encodeStateAsUpdate(space.shared));
	const firstLookAt = performance.now();
	const first = observe(emptyLockMemory(), seenIn(lockDoc), latest, { complete: ['entry'] });
	rows.push({
		name: 'Lock memory, first look at five years',
		value: performance.now() - firstLookAt,
		unit: 'ms',
		note: `${Object.keys(first.memory.sealed).length} locked; ${(JSON.stringify(first.memory).length / 1048576).toFixed(1)} MiB saved`
	});
	const lookedAt = Y.encodeStateVector(lockDoc);
	rows.push({
		name: 'Lock memory, look after reopening',
		value: time(
			5,
			() => {
				const doc = new Y.Doc();
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(lockDoc));
				return doc;
			},
			(doc) => {
				const changed = new Set(
					[...keysWrittenSince(roots.log(doc), lookedAt)].map(
						(k) => `${kindOf(roots.log(doc).get(k))?.kind}:${k}`
					)
				);
				observe(first.memory, seenIn(doc), latest, { complete: ['entry'], changed });
			}
		),
		unit: 'ms'
	});

	// Opening: decode the five-year space and read the arc; with signatures, also check every log
	// record, a week of them signed. After a week of use this device has saved its cache; a new
	// device (or one that lost it) verifies the week, ahead of the views through the platform's
	// Ed25519 where it has one, or in JavaScript.
	const plain = Y.encodeStateAsUpdate(space.shared);
	space.shared.transact(() => {
		for (const [k, v] of week) log.set(k, v);
	});
	const withWeek = Y.encodeStateAsUpdate(space.shared);
	const openDoc = (update: Uint8Array) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		fold(readArc(doc).rows, 'months');
		return doc;
	};
	/** ms to open (decode + arc) and, in the same sample, to check the log's signatures. */
	const opened = async (update: Uint8Array, cache?: 'saved' | 'platform' | 'none') => {
		const t0 = performance.now();
		const doc = openDoc(update);
		const t1 = performance.now();
		if (cache) {
			// The map itself, as a view reads it.
			const records = roots.log(doc);
			const verification =
				cache === 'saved' ? new VerificationCache(weekCache.toJSON()) : new VerificationCache();
			if (cache === 'platform') await prefetchRecords(records, kindOf, verification);
			check(records, { pinned: weekPinned, cache: verification });
		}
		const t2 = performance.now();
		doc.destroy();
		return { open: t1 - t0, check: t2 - t1 };
	};
	// The variants take turns in each round, so a busy moment on the machine falls on all alike;
	// the check is also set against the opening of its own sample, which a busy machine slows
	// alike.
	const variants = [undefined, 'saved', 'platform', 'none'] as const;
	const samples = new Map<(typeof variants)[number], { open: number; check: number }[]>(
		variants.map((v) => [v, []])
	);
	for (let round = 0; round < 12; round++) {
		for (let i = 0; i < variants.length; i++) {
			const v = variants[(round + i) % variants.length];
			const sample = await opened(v ? withWeek : plain, v);
			if (round > 0) samples.get(v)!.push(sample);
		}
	}
	const without = median(samples.get(undefined)!.map((x) => x.open));
	rows.push({ name: 'Open five years (decode + arc), no signatures', value: without, unit: 'ms' });
	for (const [cache, label] of [
		['saved', 'cache saved by this device'],
		['platform', 'nothing cached, WebCrypto Ed25519'],
		['none', 'nothing cached, JavaScript only']
	] as const) {
		const list = samples.get(cache)!;
		const open = median(list.map((x) => x.open));
		const added = median(list.map((x) => x.check / x.open));
		rows.push({
			name: `  a week signed, ${label}: opening`,
			value: open,
			unit: 'ms'
		});
		rows.push({
			name: `  … then checking every log record`,
			value: median(list.map((x) => x.check)),
			unit: 'ms',
			note: `+${(added * 100).toFixed(0)} % of its opening; target ≤ 10 %`
		});
	}
}

if (process.argv[1]?.endsWith('signing.ts')) {
	const rows: Row[] = [];
	await runSigning(rows);
	for (const r of rows) r.command = 'node --import tsx scripts/bench/signing.ts';
	printTable(rows);
}
