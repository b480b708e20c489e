/**
 * How the fuzzer types: markers go in only between whole markers (a person never types inside a
 * word they cannot see), and deletions only remove filler. So every marker stays one contiguous
 * string through any merge, and finding it later proves the keystrokes survived. Test-only.
 */
import type { Rng } from './rng';
import { MARKER } from './world';

const WORDS = [
	'we',
	'call',
	'walk',
	'talk',
	'at',
	'eight',
	'calm',
	'kept',
	'reply',
	'soon',
	'home'
];

/** A few plain words. */
export function filler(rng: Rng, count = rng.between(1, 3)): string {
	return Array.from({ length: count }, () => rng.pick(WORDS)).join(' ');
}

/** Where markers sit in a text, as [start, end) spans. */
function spans(text: string): [number, number][] {
	return [...text.matchAll(MARKER)].map((m) => [m.index, m.index + m[0].length]);
}

/** The text with `insert` placed at a random position that is not inside a marker. */
export function insertBetween(text: string, insert: string, rng: Rng): string {
	let at = rng.int(text.length + 1);
	for (const [start, end] of spans(text)) if (at > start && at < end) at = end;
	return text.slice(0, at) + insert + text.slice(at);
}

/** The text with one to four filler characters removed, or undefined when there are none. */
export function withoutFiller(text: string, rng: Rng): string | undefined {
	const gaps: [number, number][] = [];
	let from = 0;
	for (const [start, end] of spans(text)) {
		if (start > from) gaps.push([from, start]);
		from = end;
	}
	if (text.length > from) gaps.push([from, text.length]);
	if (gaps.length === 0) return undefined;
	const [start, end] = rng.pick(gaps);
	const length = Math.min(end - start, rng.between(1, 4));
	const at = start + rng.int(end - start - length + 1);
	return text.slice(0, at) + text.slice(at + length);
}

/** The next value of a text: `marker` typed in (if it fits under `limit`), or filler deleted. */
export function nextText(
	text: string,
	marker: string,
	limit: number,
	rng: Rng
): { next: string; typed: boolean } | undefined {
	const insert = rng.chance(0.5) ? `${marker} ` : ` ${filler(rng, 1)} ${marker}`;
	if (rng.chance(0.8) && text.length + insert.length <= limit) {
		return { next: insertBetween(text, insert, rng), typed: true };
	}
	const next = withoutFiller(text, rng);
	return next === undefined ? undefined : { next, typed: false };
}
