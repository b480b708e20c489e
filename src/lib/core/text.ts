/**
 * Text as Kept keeps it, for every domain: one cleaning (line ends, control characters, lone
 * surrogates), one set of limits, and one way to cut between whole characters. Writers that take
 * a finished text (a tracker note) refuse text over its limit (`isTooLong`); writers fed as
 * someone types or pastes (a check-in answer, a clause) keep the first `max` characters, and the
 * contract says so in words. The UI's `maxlength` keeps people under the limits either way.
 */

/** The most each kind of text keeps (UTF-16 units, like `maxlength`). */
export const LIMITS = {
	/** An answer, a setback's account, ground rules. */
	long: 2000,
	/** A tracker note, reason, moment or talk note. */
	note: 1000,
	/** An action item, a victory, a closing note, a prompt. */
	short: 500
} as const;

// Control characters other than tab and newline (C0, DEL, C1): invisible, and they break exports.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Half of a surrogate pair on its own: it cannot be encoded, so two texts could share a hash.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the document stores it: `\n` line ends, no control characters, well-formed UTF-16.
 * Not trimmed, so it can clean text still being typed; `tidy` trims finished text.
 */
export function cleanText(value: string): string {
	return value
		.replace(/\r\n?|[\u2028\u2029]/g, '\n')
		.replace(CONTROL, '')
		.replace(LONE_SURROGATE, '\uFFFD');
}

/** Finished text: cleaned and trimmed; `singleLine` folds line breaks into spaces. */
export function cleanLine(value: unknown, singleLine = false): string {
	if (typeof value !== 'string') return '';
	const text = cleanText(value);
	return (singleLine ? text.replace(/\s*\n\s*/g, ' ') : text).trim();
}

/** Cleaned, trimmed text cut to `max` between whole characters (for text fed as it is typed). */
export function tidy(value: unknown, max: number, singleLine = false): string {
	const text = cleanLine(value, singleLine);
	return text.length > max ? cutAt(text, max).trimEnd() : text;
}

/** True when text was given but cannot be kept whole: the writer refuses it. */
export function isTooLong(value: string | undefined, max: number): boolean {
	return value !== undefined && cleanLine(value).length > max;
}

/** The longest prefix of `text` no longer than `max` that ends between two graphemes. */
export function cutAt(text: string, max: number): string {
	// Only the start is segmented, so a megabyte paste costs no more than a short one. A boundary
	// at or before `max` depends on characters up to `max`, which the slice still includes.
	const head = text.slice(0, max + 2);
	if (typeof Intl.Segmenter !== 'function') {
		// Older engines: at least never split a surrogate pair.
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
