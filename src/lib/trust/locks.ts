/**
 * The past stays put. Each device remembers, for itself, the hash of every record it has seen
 * lock (seven days past, measured against the latest time this device has seen anyone write,
 * not only against the clock of whoever writes now) and of every record it counted as final. A
 * remembered record that changes afterwards, and a record that first appears claiming a time
 * well before what its author had already written, are findings both partners are shown, with
 * the before and the after; such a record is not counted.
 */
import * as Y from 'yjs';
import type { Instant, PartnerId } from '../schema';
import { canonicalHash } from './canonical';

const DAY = 24 * 60 * 60 * 1000;
/** A record can be corrected for seven days; after that it is locked. */
export const LOCK_AFTER = 7 * DAY;
/** How far ahead of this device's horizon a partner's clock may run before their time is doubted. */
export const FUTURE_SKEW = DAY;
/**
 * How much earlier than their latest record an author's new record may claim to be: a week, as
 * much as could be written late honestly anyway (a device kept offline for longer is flagged).
 */
export const BACKDATE_TOLERANCE = LOCK_AFTER;

/** One record as the lock memory sees it. `key` is unique across kinds (e.g. `entry:<id>`). */
export interface SeenRecord {
	key: string;
	author: PartnerId;
	/** The time the record claims it was written (its latest stamp). */
	time: Instant;
	/** The moment its seven days start (an entry's day; default: `time`). */
	lockFrom?: Instant;
	/** The stored value, as plain JSON. */
	value: unknown;
}

/** A record this device remembers as it was when it locked or was counted. */
export interface SealedRecord {
	hash: string;
	author: PartnerId;
	time: Instant;
	/** When it locked: `lockFrom + LOCK_AFTER`. */
	lockedAt: Instant;
	reason: 'locked' | 'counted';
	value: unknown;
}

/** Something in the past that moved. */
export type Finding =
	| {
			type: 'changed-after-lock';
			key: string;
			author: PartnerId;
			before: unknown;
			/** Undefined when the record was removed. */
			after: unknown;
	  }
	| {
			type: 'backdated';
			key: string;
			author: PartnerId;
			claimed: Instant;
			latest: Instant;
			after: unknown;
	  }
	| { type: 'future'; key: string; author: PartnerId; claimed: Instant; horizon: Instant };

/** This device's memory of the past (device-local; saved with the device's own data). */
export interface LockMemory {
	/** The latest time this device has seen written, by anyone; never goes back. */
	latestSeen: Instant;
	latestByAuthor: Record<PartnerId, Instant>;
	sealed: Record<string, SealedRecord>;
	/** Records seen but not yet locked: key → time. */
	recent: Record<string, Instant>;
	/** Findings stay until both partners have seen them (a later pass does not forget them). */
	flagged: Record<string, Finding>;
}

/** A device's memory before it has seen anything. */
export function emptyLockMemory(): LockMemory {
	return { latestSeen: 0, latestByAuthor: {}, sealed: {}, recent: {}, flagged: {} };
}

/** The time locks are measured against: this device's clock, or later if anyone wrote later. */
export function horizonOf(memory: LockMemory, now: Instant): Instant {
	return Math.max(now, memory.latestSeen);
}

/** True when a record starting at `lockFrom` is locked at this device's horizon. */
export function isLocked(memory: LockMemory, lockFrom: Instant, now: Instant): boolean {
	return lockFrom + LOCK_AFTER <= horizonOf(memory, now);
}

// Yjs hands back the same object until a value is replaced: hash each one once.
const hashes = new WeakMap<object, string>();
function hashOf(value: unknown): string {
	if (!value || typeof value !== 'object') return canonicalHash(value);
	let hash = hashes.get(value);
	if (hash === undefined) {
		hash = canonicalHash(value);
		hashes.set(value, hash);
	}
	return hash;
}

/** What a pass over the records found, and the memory to keep. */
export interface Observation {
	memory: LockMemory;
	/** Every standing finding (this pass's and earlier ones), by record key. */
	findings: Record<string, Finding>;
	/** Findings new in this pass. */
	fresh: Finding[];
}

/** What else `observe` may be told. */
export interface ObserveOptions {
	/** Kinds (key prefixes before ':') whose records were all passed: a missing one was removed. */
	complete?: readonly string[];
	/**
	 * Keys of the records written since the last look (see `keysWrittenSince`). A remembered
	 * record not among them is known unchanged and is not hashed again.
	 */
	changed?: ReadonlySet<string>;
}

/** Looks at the records as they are now and compares them with what this device remembers. */
export function observe(
	memory: LockMemory,
	records: Iterable<SeenRecord>,
	now: Instant,
	options: ObserveOptions = {}
): Observation {
	const { complete = [], changed } = options;
	// Copied on first write only: a look that changes nothing allocates nothing.
	const next: LockMemory = { ...memory };
	const own = new Set<keyof LockMemory>();
	const write = <K extends 'latestByAuthor' | 'sealed' | 'recent' | 'flagged'>(k: K) => {
		if (!own.has(k)) {
			next[k] = { ...memory[k] } as LockMemory[K];
			own.add(k);
		}
		return next[k];
	};
	const horizon = horizonOf(memory, now);
	const fresh: Finding[] = [];
	const flag = (f: Finding) => {
		const known = next.flagged[f.key];
		if (known?.type === f.type) return;
		fresh.push(f);
		write('flagged')[f.key] = f;
	};
	const present = complete.length > 0 ? new Set<string>() : undefined;
	let latestSeen = memory.latestSeen;

	for (const r of records) {
		present?.add(r.key);
		if (r.time > horizon + FUTURE_SKEW) {
			flag({ type: 'future', key: r.key, author: r.author, claimed: r.time, horizon });
			continue;
		}
		if (next.flagged[r.key]?.type === 'future') delete write('flagged')[r.key];
		const sealed = next.sealed[r.key];
		const latest = memory.latestByAuthor[r.author];
		if (sealed && (changed === undefined || changed.has(r.key))) {
			const hash = hashOf(r.value);
			if (sealed.hash !== hash) {
				// An edit made while the record was still open may arrive after this device locked
				// it: it claims a time before the lock, and not long before what this device has seen.
				const lateButHonest =
					sealed.reason === 'locked' &&
					r.time > sealed.time &&
					r.time < sealed.lockedAt &&
					r.time >= horizon - BACKDATE_TOLERANCE;
				if (lateButHonest) {
					write('sealed')[r.key] = { ...sealed, hash, time: r.time, value: r.value };
				} else {
					flag({
						type: 'changed-after-lock',
						key: r.key,
						author: r.author,
						before: sealed.value,
						after: r.value
					});
				}
			}
		} else if (!sealed && !(r.key in next.recent) && latest !== undefined) {
			if (r.time < latest - BACKDATE_TOLERANCE) {
				flag({
					type: 'backdated',
					key: r.key,
					author: r.author,
					claimed: r.time,
					latest,
					after: r.value
				});
			}
		}
		if (r.time > (next.latestByAuthor[r.author] ?? -Infinity)) {
			write('latestByAuthor')[r.author] = r.time;
		}
		if (r.time > latestSeen) latestSeen = r.time;
		if (next.sealed[r.key]) continue;
		const lockedAt = (r.lockFrom ?? r.time) + LOCK_AFTER;
		if (lockedAt <= horizon) {
			write('sealed')[r.key] = {
				hash: hashOf(r.value),
				author: r.author,
				time: r.time,
				lockedAt,
				reason: 'locked',
				value: r.value
			};
			if (r.key in next.recent) delete write('recent')[r.key];
		} else if (next.recent[r.key] !== r.time) {
			write('recent')[r.key] = r.time;
		}
	}

	if (present) {
		for (const key in next.sealed) {
			if (present.has(key) || !complete.includes(key.slice(0, key.indexOf(':')))) continue;
			const sealed = next.sealed[key];
			flag({
				type: 'changed-after-lock',
				key,
				author: sealed.author,
				before: sealed.value,
				after: undefined
			});
		}
	}
	next.latestSeen = Math.max(latestSeen, now);
	return { memory: next, findings: next.flagged, fresh };
}

/**
 * The keys of a map's entries written after `since` (a state vector saved at the last look), so
 * a look after reopening hashes only what changed. Removed entries are not listed: pass their
 * kind in `complete`.
 */
export function keysWrittenSince(map: Y.Map<unknown>, since: Uint8Array): Set<string> {
	const seen = Y.decodeStateVector(since);
	const out = new Set<string>();
	// `_map` holds each key's current item; its id says which device wrote it, and when.
	for (const [key, item] of map._map) {
		if (!item.deleted && item.id.clock >= (seen.get(item.id.client) ?? 0)) out.add(key);
	}
	return out;
}

/**
 * Remembers a record this device counted as final (an agreed signature, a submitted check-in, an
 * approval): from now on any change to it is a finding, whatever its age.
 */
export function sealCounted(memory: LockMemory, record: SeenRecord): LockMemory {
	const existing = memory.sealed[record.key];
	if (existing?.reason === 'counted') return memory;
	const sealed: SealedRecord = {
		hash: existing?.hash ?? hashOf(record.value),
		author: record.author,
		time: existing?.time ?? record.time,
		lockedAt: (record.lockFrom ?? record.time) + LOCK_AFTER,
		reason: 'counted',
		value: existing?.value ?? record.value
	};
	const recent = { ...memory.recent };
	delete recent[record.key];
	return { ...memory, sealed: { ...memory.sealed, [record.key]: sealed }, recent };
}

/** True when a record is under a finding and must not be counted. */
export function isFlagged(memory: LockMemory, key: string): boolean {
	return key in memory.flagged;
}

/** The memory read back from storage (anything damaged starts over, which only forgets). */
export function readLockMemory(raw: unknown): LockMemory {
	if (!raw || typeof raw !== 'object') return emptyLockMemory();
	const m = raw as Partial<LockMemory>;
	const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, never>) : {});
	return {
		latestSeen:
			typeof m.latestSeen === 'number' && Number.isFinite(m.latestSeen) ? m.latestSeen : 0,
		latestByAuthor: obj(m.latestByAuthor),
		sealed: obj(m.sealed),
		recent: obj(m.recent),
		flagged: obj(m.flagged)
	};
}
