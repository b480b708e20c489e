/**
 * One person's private journal. It lives only in their private document (`Space.privateDoc`),
 * which syncs among their own devices with a room and key the partner never holds. Nothing here
 * ever touches the shared document: sharing an insight (insights.ts) copies chosen words only.
 *
 * On-disk format of the private document (it syncs between own devices and goes into backups,
 * so names here are never renamed or retyped):
 * - `journal`: entries by id, each a Y.Map with `id`, `createdAt`, `updatedAt` (epoch ms),
 *   `text`, `happened`, `felt`, `learned`, `shifted` (Y.Text, all written once when the entry is
 *   made), `mood` (1–5, absent when not chosen), `tags` (string[], replaced whole), `deletedAt`.
 * - `journalShares`: which entry an insight came from, by insight id. Only here, never in the
 *   shared document, so the partner learns nothing of how the journal is organised.
 *
 * Why Y.Text when only one person writes: their phone and their laptop may both edit the same
 * entry while apart; Y.Text merges the two at the character level, a plain string would silently
 * keep only one device's words.
 */
import * as Y from 'yjs';
import { LOCAL, type Instant } from '../schema';
import { newId } from '../ids';

/** The gentle prompts, by their on-disk field names. */
export const PROMPTS = [
	{ key: 'happened', label: 'What happened' },
	{ key: 'felt', label: 'What I felt' },
	{ key: 'learned', label: 'What I learned' },
	{ key: 'shifted', label: 'What pattern shifted' }
] as const;

/** One of the prompts' field names. */
export type PromptKey = (typeof PROMPTS)[number]['key'];
/** A text field of an entry: the free text or one of the prompts. */
export type TextKey = 'text' | PromptKey;
/** Every text field of an entry, in the order they are shown. */
export const TEXT_KEYS: readonly TextKey[] = ['text', ...PROMPTS.map((p) => p.key)];

/** A small, calm mood scale; absent means the person chose not to say. */
export const MOODS = [
	{ value: 1, label: 'Heavy' },
	{ value: 2, label: 'Low' },
	{ value: 3, label: 'Steady' },
	{ value: 4, label: 'Lighter' },
	{ value: 5, label: 'Hopeful' }
] as const;

/** A point on the mood scale. */
export type Mood = (typeof MOODS)[number]['value'];

/** An entry as plain data, for reading and showing. */
export interface JournalEntry {
	id: string;
	createdAt: Instant;
	updatedAt: Instant;
	text: string;
	prompts: Record<PromptKey, string>;
	mood?: Mood;
	tags: string[];
	deletedAt?: Instant;
}

/** Which entry an insight was shared from (private document only). */
export interface ShareRecord {
	insightId: string;
	entryId: string;
	sharedAt: Instant;
}

const TAG_MAX = 32;
const TAGS_MAX = 12;

/** The private document's roots used by the journal. */
export const journalRoots = {
	entries: (privateDoc: Y.Doc) => privateDoc.getMap<Y.Map<unknown>>('journal'),
	shares: (privateDoc: Y.Doc) => privateDoc.getMap<ShareRecord>('journalShares')
} as const;

/** Starts a new, empty entry and returns its id. */
export function createEntry(privateDoc: Y.Doc, now: Instant, id = newId()): string {
	privateDoc.transact(() => {
		const entry = new Y.Map<unknown>();
		entry.set('id', id);
		entry.set('createdAt', now);
		entry.set('updatedAt', now);
		// Every Y.Text is made here, once: made later by two devices at once, one would be lost.
		for (const key of TEXT_KEYS) entry.set(key, new Y.Text());
		entry.set('tags', []);
		journalRoots.entries(privateDoc).set(id, entry);
	}, LOCAL);
	return id;
}

/** The live Y.Text of one field, for binding to a text area. */
export function entryText(privateDoc: Y.Doc, id: string, key: TextKey): Y.Text | undefined {
	const text = journalRoots.entries(privateDoc).get(id)?.get(key);
	return text instanceof Y.Text ? text : undefined;
}

/** Replaces a field's text by `next`, changing only the part that differs. */
export function editText(
	privateDoc: Y.Doc,
	id: string,
	key: TextKey,
	next: string,
	now: Instant
): boolean {
	const entry = journalRoots.entries(privateDoc).get(id);
	const text = entryText(privateDoc, id, key);
	if (!entry || !text) return false;
	const change = textChange(text.toString(), next);
	if (!change) return false;
	privateDoc.transact(() => {
		if (change.remove) text.delete(change.index, change.remove);
		if (change.insert) text.insert(change.index, change.insert);
		entry.set('updatedAt', now);
	}, LOCAL);
	return true;
}

/** Sets or clears the mood. */
export function setMood(privateDoc: Y.Doc, id: string, mood: Mood | undefined, now: Instant) {
	update(privateDoc, id, now, (entry) => {
		if (mood === undefined) entry.delete('mood');
		else entry.set('mood', mood);
	});
}

/** Replaces the tags (cleaned: see `cleanTags`). */
export function setTags(privateDoc: Y.Doc, id: string, tags: readonly string[], now: Instant) {
	update(privateDoc, id, now, (entry) => entry.set('tags', cleanTags(tags)));
}

/** Moves an entry to "Deleted entries"; it can be brought back. */
export function deleteEntry(privateDoc: Y.Doc, id: string, now: Instant) {
	update(privateDoc, id, now, (entry) => entry.set('deletedAt', now));
}

/** Brings a deleted entry back. */
export function restoreEntry(privateDoc: Y.Doc, id: string, now: Instant) {
	update(privateDoc, id, now, (entry) => entry.delete('deletedAt'));
}

/** Erases a deleted entry's words, tags and mood for good; only its empty shell stays. */
export function eraseEntry(privateDoc: Y.Doc, id: string, now: Instant) {
	update(privateDoc, id, now, (entry) => {
		for (const key of TEXT_KEYS) {
			const text = entry.get(key);
			if (text instanceof Y.Text && text.length) text.delete(0, text.length);
		}
		entry.set('tags', []);
		entry.delete('mood');
		if (!entry.has('deletedAt')) entry.set('deletedAt', now);
	});
}

/** One entry as plain data. */
export function readEntry(privateDoc: Y.Doc, id: string): JournalEntry | undefined {
	const entry = journalRoots.entries(privateDoc).get(id);
	return entry instanceof Y.Map ? toEntry(id, entry) : undefined;
}

/** Every entry, newest first; deleted ones only when asked for. */
export function listEntries(privateDoc: Y.Doc, which: 'kept' | 'deleted' = 'kept'): JournalEntry[] {
	const out: JournalEntry[] = [];
	for (const [id, entry] of journalRoots.entries(privateDoc)) {
		if (!(entry instanceof Y.Map)) continue;
		const plain = toEntry(id, entry);
		if (which === 'kept' ? !plain.deletedAt : plain.deletedAt && !isBlank(plain)) out.push(plain);
	}
	return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}

/** True when nothing has been written in an entry. */
export function isBlank(entry: JournalEntry): boolean {
	return (
		!entry.text.trim() &&
		PROMPTS.every((p) => !entry.prompts[p.key].trim()) &&
		entry.tags.length === 0 &&
		entry.mood === undefined
	);
}

/** Records, privately, which entry an insight came from. */
export function noteShare(privateDoc: Y.Doc, record: ShareRecord): void {
	privateDoc.transact(() => journalRoots.shares(privateDoc).set(record.insightId, record), LOCAL);
}

/** The ids of insights shared from one entry, oldest first. */
export function sharesFrom(privateDoc: Y.Doc, entryId: string): string[] {
	return [...journalRoots.shares(privateDoc).values()]
		.filter((r) => r?.entryId === entryId)
		.sort((a, b) => a.sharedAt - b.sharedAt)
		.map((r) => r.insightId);
}

/** Tags as kept: trimmed, without a leading #, single-spaced, short, at most 12, no repeats. */
export function cleanTags(tags: readonly string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of tags) {
		const tag = Array.from(
			raw
				.replace(/^[\s#]+/, '')
				.replace(/\s+/g, ' ')
				.trim()
		)
			.slice(0, TAG_MAX)
			.join('');
		const folded = tag.toLocaleLowerCase();
		if (!tag || seen.has(folded)) continue;
		seen.add(folded);
		out.push(tag);
		if (out.length === TAGS_MAX) break;
	}
	return out;
}

/** Tags typed as one line, separated by commas. */
export function parseTags(line: string): string[] {
	return cleanTags(line.split(','));
}

/**
 * The smallest single change that turns `prev` into `next`: the common start and end stay, the
 * middle is replaced. Never splits a surrogate pair. Null when they are equal.
 */
export function textChange(
	prev: string,
	next: string
): { index: number; remove: number; insert: string } | null {
	if (prev === next) return null;
	let start = 0;
	const max = Math.min(prev.length, next.length);
	while (start < max && prev[start] === next[start]) start++;
	let end = 0;
	while (end < max - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) {
		end++;
	}
	// Keep surrogate pairs whole: step back if the common part ends or starts inside one.
	if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
	if (end > 0 && isLowSurrogate(prev.charCodeAt(prev.length - end))) end--;
	return {
		index: start,
		remove: prev.length - start - end,
		insert: next.slice(start, next.length - end)
	};
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

function update(privateDoc: Y.Doc, id: string, now: Instant, change: (e: Y.Map<unknown>) => void) {
	const entry = journalRoots.entries(privateDoc).get(id);
	if (!(entry instanceof Y.Map)) return;
	privateDoc.transact(() => {
		change(entry);
		entry.set('updatedAt', now);
	}, LOCAL);
}

function toEntry(id: string, entry: Y.Map<unknown>): JournalEntry {
	const str = (key: TextKey) => {
		const value = entry.get(key);
		return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
	};
	const num = (key: string) => {
		const value = entry.get(key);
		return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
	};
	const mood = num('mood');
	const tags = entry.get('tags');
	return {
		id,
		createdAt: num('createdAt') ?? 0,
		updatedAt: num('updatedAt') ?? num('createdAt') ?? 0,
		text: str('text'),
		prompts: Object.fromEntries(PROMPTS.map((p) => [p.key, str(p.key)])) as Record<
			PromptKey,
			string
		>,
		mood: MOODS.some((m) => m.value === mood) ? (mood as Mood) : undefined,
		tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
		deletedAt: num('deletedAt')
	};
}
