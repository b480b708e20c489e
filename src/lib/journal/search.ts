/** Searching one's own journal: every word must appear, ignoring case and accents. */
import { PROMPTS, type JournalEntry } from './journal';

/** Text folded for comparison: lower case, accents and other combining marks removed. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The words of a query, folded; a leading # (as in "#work") is ignored. */
export function queryTerms(query: string): string[] {
	return fold(query)
		.split(/\s+/)
		.map((t) => t.replace(/^#+/, ''))
		.filter(Boolean);
}

/** Entries whose text, prompts or tags contain every word of the query (all, if it is empty). */
export function searchEntries(entries: readonly JournalEntry[], query: string): JournalEntry[] {
	const terms = queryTerms(query);
	if (terms.length === 0) return [...entries];
	return entries.filter((entry) => {
		const haystack = fold(searchableText(entry));
		return terms.every((t) => haystack.includes(t));
	});
}

/**
 * A short passage of the entry to show in a list: around the first word of the query that
 * appears in its writing, else its beginning.
 */
export function snippet(entry: JournalEntry, query = '', length = 160): string {
	const text = [entry.text, ...PROMPTS.map((p) => entry.prompts[p.key])]
		.map((t) => t.trim())
		.filter(Boolean)
		.join(' · ')
		.replace(/\s+/g, ' ');
	if (text.length <= length) return text;
	const folded = fold(text);
	// Folding can change lengths (ligatures, some letters): only trust a position when it didn't.
	const hit =
		folded.length === text.length
			? Math.min(
					...queryTerms(query)
						.map((t) => folded.indexOf(t))
						.filter((i) => i >= 0)
				)
			: Infinity;
	const start = Number.isFinite(hit) ? Math.max(0, hit - Math.floor(length / 3)) : 0;
	const part = text.slice(start, start + length).trim();
	return `${start > 0 ? '…' : ''}${part}${start + length < text.length ? '…' : ''}`;
}

function searchableText(entry: JournalEntry): string {
	return [entry.text, ...PROMPTS.map((p) => entry.prompts[p.key]), ...entry.tags].join('\n');
}
