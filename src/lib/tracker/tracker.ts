/**
 * Recording outcomes. The one who did it records it; entries stay editable for EDIT_DAYS after
 * their day, then only a visible amendment can correct them, so the log is never quietly
 * rewritten.
 *
 * Clocks: the lock is judged from the entry's `day` and this device's clock at edit time, never
 * from a stored `recordedAt` (a peer whose clock runs ahead would stamp far-future instants that
 * would otherwise keep its entries open). A day more than FUTURE_DAYS after this device's today
 * is refused, so no entry can be dated past its own lock. Edits stamp `updatedAt` after the
 * value they replace, so an edit wins over what it edited even on a device whose clock is behind.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import { daysBetween, isDay, toDay } from '../core/calendar';
import { OUTCOMES, type Amendment, type Entry, type Outcome, type Result } from './model';
import { newId } from '../ids';
import { noteText, compact, isAmendment, isEntry, isTooLong, refuse, stampAfter } from './records';

/** Days after its day during which an entry can still be changed. */
export const EDIT_DAYS = 7;
/** How far ahead of this device's today an entry's day may be (time zones, late nights). */
export const FUTURE_DAYS = 1;

/** What Today sends when a partner taps an outcome. */
export interface NewEntry {
	clauseId: string;
	day: Day;
	partnerId: PartnerId;
	outcome: Outcome;
	reason?: string;
	note?: string;
}

/** The parts of an entry its author can change while it is open. '' clears a note. */
export interface EntryChange {
	outcome?: Outcome;
	reason?: string;
	note?: string;
}

/** True when an entry for `day` can no longer be changed at `now` (device clock). */
export function isLocked(day: Day, now: Instant): boolean {
	return daysBetween(day, toDay(now)) > EDIT_DAYS;
}

/** True when an entry was first written after its day had locked (filled in late; shown as such). */
export function isLate(entry: Entry): boolean {
	return daysBetween(entry.day, toDay(entry.recordedAt)) > EDIT_DAYS;
}

function liveEntry(doc: Y.Doc, id: string): Entry | undefined {
	const v = roots.log(doc).get(id);
	return isEntry(v) && !v.deletedAt ? v : undefined;
}

function hasLiveSlot(doc: Y.Doc, e: NewEntry): boolean {
	for (const v of roots.log(doc).values())
		if (
			isEntry(v) &&
			!v.deletedAt &&
			v.clauseId === e.clauseId &&
			v.day === e.day &&
			v.partnerId === e.partnerId
		)
			return true;
	return false;
}

function lastAmendmentAt(doc: Y.Doc, entryId: string): Instant | undefined {
	let last: Instant | undefined;
	for (const v of roots.log(doc).values())
		if (isAmendment(v) && v.entryId === entryId && (last === undefined || v.at > last)) last = v.at;
	return last;
}

function badText(outcome: Outcome, reason: string | undefined, note: string | undefined): boolean {
	return (outcome === 'excused' && !noteText(reason)) || isTooLong(reason) || isTooLong(note);
}

/**
 * Records an outcome. A locked day can still be filled in when nothing was recorded for it
 * (it shows as late); a locked day that has an entry needs an amendment instead.
 */
export function recordEntry(doc: Y.Doc, input: NewEntry, now: Instant = Date.now()): Result {
	if (!input.clauseId || !input.partnerId || !isDay(input.day) || !OUTCOMES.includes(input.outcome))
		return refuse('invalid');
	if (badText(input.outcome, input.reason, input.note)) return refuse('invalid');
	if (daysBetween(toDay(now), input.day) > FUTURE_DAYS) return refuse('future');
	// Only a locked day pays for this scan; today's taps never do.
	if (isLocked(input.day, now) && hasLiveSlot(doc, input)) return refuse('locked');
	const id = newId();
	const entry: Entry = compact({
		type: 'entry',
		id,
		clauseId: input.clauseId,
		day: input.day,
		partnerId: input.partnerId,
		outcome: input.outcome,
		reason: input.outcome === 'excused' ? noteText(input.reason) : undefined,
		note: noteText(input.note),
		recordedAt: now,
		updatedAt: now
	});
	doc.transact(() => roots.log(doc).set(id, entry), LOCAL);
	return { ok: true, id };
}

/** Changes an open entry; only its author may, and only until it locks. */
export function changeEntry(
	doc: Y.Doc,
	id: string,
	change: EntryChange,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const e = liveEntry(doc, id);
	if (!e) return refuse('notFound');
	if (e.partnerId !== by) return refuse('notYours');
	if (isLocked(e.day, now)) return refuse('locked');
	const outcome = change.outcome ?? e.outcome;
	if (!OUTCOMES.includes(outcome)) return refuse('invalid');
	const reason = change.reason ?? e.reason;
	const note = change.note ?? e.note;
	if (badText(outcome, reason, note)) return refuse('invalid');
	const next: Entry = compact({
		...e,
		outcome,
		reason: outcome === 'excused' ? noteText(reason) : undefined,
		note: noteText(note),
		updatedAt: stampAfter(now, e.updatedAt)
	});
	doc.transact(() => roots.log(doc).set(id, next), LOCAL);
	return { ok: true, id };
}

/** Withdraws an open entry (soft: it stays in the document, out of every view and metric). */
export function removeEntry(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const e = liveEntry(doc, id);
	if (!e) return refuse('notFound');
	if (e.partnerId !== by) return refuse('notYours');
	if (isLocked(e.day, now)) return refuse('locked');
	const stamp = stampAfter(now, e.updatedAt);
	doc.transact(() => roots.log(doc).set(id, { ...e, updatedAt: stamp, deletedAt: stamp }), LOCAL);
	return { ok: true, id };
}

/**
 * Adds a visible correction by the entry's author, at any time; with `outcome`, that outcome
 * counts from now on while the original stays readable beside it.
 */
export function amendEntry(
	doc: Y.Doc,
	entryId: string,
	amendment: { by: PartnerId; text: string; outcome?: Outcome },
	now: Instant = Date.now()
): Result {
	const e = liveEntry(doc, entryId);
	if (!e) return refuse('notFound');
	if (e.partnerId !== amendment.by) return refuse('notYours');
	const text = noteText(amendment.text);
	if (!text || (amendment.outcome && !OUTCOMES.includes(amendment.outcome)))
		return refuse('invalid');
	const id = newId();
	const record: Amendment = compact({
		type: 'amendment',
		id,
		entryId,
		text,
		outcome: amendment.outcome,
		by: amendment.by,
		at: stampAfter(now, lastAmendmentAt(doc, entryId))
	});
	doc.transact(() => roots.log(doc).set(id, record), LOCAL);
	return { ok: true, id };
}
