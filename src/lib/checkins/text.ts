/**
 * Text as check-ins and setbacks keep it: the contract's cleaning (line ends, control characters,
 * lone surrogates), trimmed, and cut to a limit between whole characters. The UI's `maxlength`
 * keeps people under the limits; the model cuts rather than refuses, so a paste is never lost
 * whole.
 */
import { cleanText } from '../contract/text';

/** The most each kind of text keeps (UTF-16 units, like `maxlength`). */
export const LIMITS = {
	/** An answer, a setback's account, ground rules. */
	long: 2000,
	/** An action item, a victory, a closing note, a prompt. */
	short: 500
} as const;

/** Cleaned, trimmed text cut to `max`; `singleLine` folds line breaks into spaces. */
export function tidy(value: unknown, max: number, singleLine = false): string {
	if (typeof value !== 'string') return '';
	let text = cleanText(value);
	if (singleLine) text = text.replace(/\s*\n\s*/g, ' ');
	text = text.trim();
	return text.length > max ? cutAt(text, max).trimEnd() : text;
}

/** The longest prefix no longer than `max` that ends between two graphemes. */
function cutAt(text: string, max: number): string {
	// Segment only the head: a megabyte paste costs no more than a short one.
	const head = text.slice(0, max + 2);
	if (typeof Intl.Segmenter !== 'function') {
		const code = text.charCodeAt(max - 1);
		return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
	}
	let end = 0;
	for (const { index, segment } of new Intl.Segmenter(undefined, {
		granularity: 'grapheme'
	}).segment(head)) {
		if (index + segment.length > max) break;
		end = index + segment.length;
	}
	return text.slice(0, end);
}
