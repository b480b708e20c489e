/**
 * One read of the shared log, indexed once: every metric and list takes a Ledger, so a screen
 * scans the Y.Maps once per change instead of once per question.
 *
 * Outcome rule: entries are grouped per (clause, day, partner). The one shown and counted is the
 * latest `updatedAt` (ties: the greater id), so every device agrees whatever order updates
 * arrived in; the others stay visible as `others`. Its latest amendment that carries an outcome
 * (by `at`, ties by id) overrides the counted outcome; the entry itself stays as written.
 */
import type * as Y from 'yjs';
import { roots, type Day, type PartnerId } from '../schema';
import { dayNumber, dayOfNumber, toDay } from '../core/calendar';
import type {
	Ack,
	AgreedPeriod,
	Amendment,
	Entry,
	HardDay,
	Lapse,
	Outcome,
	Reaction,
	Talk,
	Track
} from './model';
import { toPlan, type Plan } from './plan';
import {
	isAck,
	isAmendment,
	isEntry,
	isHardDayRecord,
	isReaction,
	isTalk,
	newestFirst
} from './records';

/** What the tracker needs from outside the log: the agreed versions, the partners, the lapses. */
export interface Agreement {
	periods: readonly AgreedPeriod[];
	partners: readonly PartnerId[];
	/** Boundary lapses from the setbacks (a tracker entry 'notToday' on a boundary counts too). */
	lapses?: readonly Lapse[];
}

/** Everything recorded for one clause, day and partner. */
export interface Slot {
	clauseId: string;
	day: Day;
	partnerId: PartnerId;
	/** The entry shown (latest `updatedAt`). */
	entry: Entry;
	/** The outcome that counts: the latest amendment's outcome, else the entry's. */
	outcome: Outcome;
	/** Other live entries for the same slot (concurrent recordings), newest first. */
	others: Entry[];
	/** Amendments of the shown entry, oldest first. */
	amendments: Amendment[];
}

/** The log as of one day, indexed. Treat as read-only; build a new one after each change. */
export interface Ledger {
	today: Day;
	todayN: number;
	plan: Plan;
	/** Every readable entry by id, deleted ones included. */
	entryById: Map<string, Entry>;
	/** Slots by track key, then by day. */
	slotsByTrack: Map<string, Map<Day, Slot>>;
	slotsByDay: Map<Day, Slot[]>;
	acksByEntry: Map<string, Ack[]>;
	talksByEntry: Map<string, Talk[]>;
	reactionsByTarget: Map<string, Reaction[]>;
	hardDays: Map<string, HardDay>;
	lapses: Set<string>;
	/** Memo for derived per-track data (valid for this ledger only). */
	memo: Map<string, unknown>;
	/** Day strings by day number, built as the metrics walk the calendar. */
	dayNames: Map<number, Day>;
}

/** The day string of a day number, cached per ledger (metrics walk the same days many times). */
export function dayAt(ledger: Ledger, n: number): Day {
	let d = ledger.dayNames.get(n);
	if (d === undefined) ledger.dayNames.set(n, (d = dayOfNumber(n)));
	return d;
}

/** The key of a track in `slotsByTrack`. */
export function trackKey(t: Track): string {
	return `${t.clauseId}\u0000${t.partnerId}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

const latestEdit = newestFirst<Entry>((e) => e.updatedAt);

const byAt = (a: { at: number; id: string }, b: { at: number; id: string }) =>
	a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads and indexes the log once. `today` is the device's local day. */
export function readLedger(
	doc: Y.Doc,
	agreement: Agreement,
	today: Day = toDay(Date.now())
): Ledger {
	const entryById = new Map<string, Entry>();
	const amendments = new Map<string, Amendment[]>();
	const acksByEntry = new Map<string, Ack[]>();
	const talksByEntry = new Map<string, Talk[]>();
	const reactionsByTarget = new Map<string, Reaction[]>();
	const hardDays = new Map<string, HardDay>();
	const grouped = new Map<string, Entry[]>();

	roots.log(doc).forEach((v) => {
		if (isEntry(v)) {
			entryById.set(v.id, v);
			if (!v.deletedAt) push(grouped, `${v.clauseId}\u0000${v.partnerId}\u0000${v.day}`, v);
		} else if (isAmendment(v)) push(amendments, v.entryId, v);
		else if (isAck(v)) push(acksByEntry, v.entryId, v);
		else if (isTalk(v)) push(talksByEntry, v.entryId, v);
		else if (isHardDayRecord(v)) {
			if (!v.deletedAt) hardDays.set(hardDayKey(v.partnerId, v.day), v);
		} else if (isReaction(v) && !v.deletedAt) push(reactionsByTarget, v.targetId, v);
	});

	const slotsByTrack = new Map<string, Map<Day, Slot>>();
	const slotsByDay = new Map<Day, Slot[]>();
	for (const list of grouped.values()) {
		if (list.length > 1) list.sort(latestEdit);
		const entry = list[0];
		const others = list.length > 1 ? list.slice(1) : [];
		const own = amendments.get(entry.id) ?? [];
		if (own.length > 1) own.sort(byAt);
		let outcome = entry.outcome;
		for (const a of own) if (a.outcome) outcome = a.outcome;
		const slot: Slot = {
			clauseId: entry.clauseId,
			day: entry.day,
			partnerId: entry.partnerId,
			entry,
			outcome,
			others,
			amendments: own
		};
		const key = trackKey(entry);
		let days = slotsByTrack.get(key);
		if (!days) slotsByTrack.set(key, (days = new Map()));
		days.set(entry.day, slot);
		push(slotsByDay, entry.day, slot);
	}
	for (const list of acksByEntry.values()) if (list.length > 1) list.sort(byAt);
	for (const list of talksByEntry.values()) if (list.length > 1) list.sort(byAt);
	// Not the order they arrived in, which differs between devices.
	for (const list of reactionsByTarget.values()) if (list.length > 1) list.sort(byAt);

	const lapses = new Set<string>();
	for (const l of agreement.lapses ?? [])
		lapses.add(`${l.clauseId}\u0000${l.day}\u0000${l.partnerId ?? '*'}`);

	return {
		today,
		todayN: dayNumber(today),
		plan: toPlan(agreement.periods, agreement.partners),
		entryById,
		slotsByTrack,
		slotsByDay,
		acksByEntry,
		talksByEntry,
		reactionsByTarget,
		hardDays,
		lapses,
		memo: new Map(),
		dayNames: new Map()
	};
}

/** The key of a hard-day mark, in the ledger and (prefixed) in the log. */
export function hardDayKey(partnerId: PartnerId, day: Day): string {
	return `${partnerId}:${day}`;
}

/** What was recorded for a clause, day and partner. */
export function slotOf(ledger: Ledger, track: Track, day: Day): Slot | undefined {
	return ledger.slotsByTrack.get(trackKey(track))?.get(day);
}

/** True when a lapse of this boundary was logged for that partner and day. */
export function isLapse(ledger: Ledger, track: Track, day: Day): boolean {
	if (!ledger.lapses.size) return false;
	const k = `${track.clauseId}\u0000${day}\u0000`;
	return ledger.lapses.has(k + track.partnerId) || ledger.lapses.has(k + '*');
}

/** Everything recorded on a day, whatever the contract says now (archived clauses included). */
export function entriesOn(ledger: Ledger, day: Day): Slot[] {
	return [...(ledger.slotsByDay.get(day) ?? [])].sort(
		(a, b) => a.entry.recordedAt - b.entry.recordedAt || (a.entry.id < b.entry.id ? -1 : 1)
	);
}

/** A clause's whole history, newest day first, even after the clause left the contract. */
export function entriesFor(ledger: Ledger, clauseId: string): Slot[] {
	const out: Slot[] = [];
	for (const days of ledger.slotsByTrack.values())
		for (const s of days.values()) if (s.clauseId === clauseId) out.push(s);
	return out.sort((a, b) =>
		a.day < b.day ? 1 : a.day > b.day ? -1 : a.partnerId < b.partnerId ? -1 : 1
	);
}

/** The partner's "I noticed" marks on an entry, oldest first. */
export function acksOf(ledger: Ledger, entryId: string): Ack[] {
	return ledger.acksByEntry.get(entryId) ?? [];
}

/** The "let's talk" flags on an entry, oldest first. */
export function talksOf(ledger: Ledger, entryId: string): Talk[] {
	return ledger.talksByEntry.get(entryId) ?? [];
}

/** The reactions on an entry, oldest first (a moment's come with the wall). */
export function reactionsOf(ledger: Ledger, targetId: string): Reaction[] {
	return ledger.reactionsByTarget.get(targetId) ?? [];
}

/** True when the partner marked that day a hard day. */
export function isHardDayIn(ledger: Ledger, partnerId: PartnerId, day: Day): boolean {
	return ledger.hardDays.has(hardDayKey(partnerId, day));
}
