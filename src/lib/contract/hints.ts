/**
 * Gentle suggestions for precise language. Hints never block: the UI shows them quietly beside
 * the field, and the person is free to keep their own words.
 */
import type { ClauseKind } from './clauses';
import type { Timeline } from './timeline';

/** One suggestion, with an id so the UI can key and dismiss it. */
export interface Hint {
	id: 'observable-action' | 'timeline' | 'time-of-day';
	message: string;
	/** The words in the commitment that prompted it, as written (for highlighting). */
	phrases: string[];
}

// Why each group reads as vague: effort can't be seen, comparisons have no finish line, and
// absolutes are hard to keep and harder to notice being kept.
const EFFORT = [
	'try to',
	'try and',
	'i’ll try',
	'i will try',
	'do my best',
	'make an effort',
	'work on',
	'when i can',
	'if i can',
	'whenever i can',
	'whenever possible',
	'as much as possible'
];
const COMPARISON = [
	'be better',
	'do better',
	'get better',
	'be more',
	'be less',
	'more often',
	'less often',
	'more time',
	'improve',
	'be nicer',
	'be there for'
];
const ABSOLUTE = ['always be', 'never again', 'from now on'];

const MESSAGES = {
	effort:
		'Trying is hard to see from the outside. Could this name something your partner could notice? For example: “Text when I leave work, by 6 pm.”',
	comparison:
		'Could this name something your partner could notice? For example: “Text when I leave work, by 6 pm.”',
	absolute:
		'That is a big promise to hold every day. Could it name one small action your partner could notice? For example: “Tell you the same evening if they contact me.”',
	timeline:
		'When will this happen? A rhythm like “daily by 20:00” or “every Sunday” helps you both see it happen.',
	timeOfDay: 'Would a time help? “By 20:00” makes it clear to you both when it’s done.'
};

/**
 * Calm suggestions for one commitment and its timeline. Nothing while the commitment is empty;
 * boundaries get no timeline hints (they are always) and may speak in absolutes ("never").
 */
export function hintsFor(
	commitment: string,
	timeline: Timeline | null | undefined,
	kind: ClauseKind = timeline?.kind === 'always' ? 'boundary' : 'behaviour'
): Hint[] {
	if (commitment.trim() === '') return [];
	const hints: Hint[] = [];
	const effort = find(commitment, EFFORT);
	const comparison = find(commitment, COMPARISON);
	const absolute = kind === 'boundary' ? [] : find(commitment, ABSOLUTE);
	const phrases = phrasesAt(commitment, [...absolute, ...effort, ...comparison]);
	if (phrases.length > 0) {
		const group = absolute.length ? 'absolute' : effort.length ? 'effort' : 'comparison';
		hints.push({ id: 'observable-action', message: MESSAGES[group], phrases });
	}
	if (kind === 'behaviour') {
		if (!timeline) hints.push({ id: 'timeline', message: MESSAGES.timeline, phrases: [] });
		else if ((timeline.kind === 'daily' || timeline.kind === 'weekly') && !timeline.byTime) {
			hints.push({ id: 'time-of-day', message: MESSAGES.timeOfDay, phrases: [] });
		}
	}
	return hints;
}

type Span = [start: number, end: number];

/** Where phrases from `list` occur in `text` as whole words (any case, either apostrophe). */
function find(text: string, list: readonly string[]): Span[] {
	return list.flatMap((phrase) => {
		const pattern = escape(phrase).replace(/’/g, "['’]").replace(/ /g, '\\s+');
		const at = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
		return at ? [[at.index, at.index + at[0].length] as Span] : [];
	});
}

/** The matched words as written, overlapping matches joined ("I’ll try" + "try to" → "I’ll try to"). */
function phrasesAt(text: string, spans: Span[]): string[] {
	const merged: Span[] = [];
	for (const [start, end] of [...spans].sort((x, y) => x[0] - y[0])) {
		const last = merged[merged.length - 1];
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged.map(([start, end]) => text.slice(start, end));
}

function escape(phrase: string): string {
	return phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
