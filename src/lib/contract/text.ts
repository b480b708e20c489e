/**
 * Limits and cleaning for the contract's text. Plain functions, no Yjs: the UI uses them before
 * writing, and the model uses them on every write it makes itself.
 */
import type * as Y from 'yjs';
import { cleanText, cutAt } from '../core/text';

/** The fields of the contract that hold text, with the most each keeps (UTF-16 units, like `maxlength`). */
export const TEXT_LIMITS = {
	title: 200,
	why: 2000,
	commitment: 500,
	action: 2000,
	examples: 2000,
	consequence: 2000,
	backup: 2000,
	touchBase: 2000,
	note: 300
} as const;

/** A field with a limit in `TEXT_LIMITS`. */
export type LimitedField = keyof typeof TEXT_LIMITS;

/** The most examples a clause keeps (one example per line). */
export const MAX_EXAMPLES = 20;

/** The outcome of `clampText`: the text to keep, and a calm message when something was cut. */
export interface ClampResult {
	text: string;
	clamped: boolean;
	message: string | null;
}

/**
 * Pasted text made plain: also turns non-breaking spaces into spaces and drops zero-width spaces
 * and byte-order marks that word processors leave behind. Keeps ZWJ/ZWNJ (emoji, Persian).
 */
export function toPlainText(value: string): string {
	return cleanText(value)
		.replace(/[\u00A0\u202F]/g, ' ')
		.replace(/[\u200B\uFEFF]/g, '');
}

/** The non-empty examples of an `examples` text, one per line, trimmed. */
export function exampleLines(examples: string): string[] {
	return examples
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '');
}

/** Cleans `value` and keeps at most the field's limit, cutting only between whole characters. */
export function clampText(field: LimitedField, value: string): ClampResult {
	let text = cleanText(
		field === 'note' || field === 'title' ? value.replace(/\s*\n\s*/g, ' ') : value
	);
	const messages: string[] = [];
	if (field === 'examples') {
		const lines = text.split('\n');
		if (lines.length > MAX_EXAMPLES) {
			text = lines.slice(0, MAX_EXAMPLES).join('\n');
			messages.push(
				`This holds up to ${MAX_EXAMPLES} examples, one per line, so we kept the first ${MAX_EXAMPLES}.`
			);
		}
	}
	const max = TEXT_LIMITS[field];
	if (text.length > max) {
		text = cutAt(text, max);
		messages.push(`This field holds up to ${max} characters, so we kept the first ${max}.`);
	}
	return {
		text,
		clamped: messages.length > 0,
		message: messages.length ? messages.join(' ') : null
	};
}

/**
 * Turns `text` into `next` by replacing only the span that differs, so a partner typing elsewhere
 * in the same Y.Text keeps every word. Never splits a surrogate pair (emoji stay whole).
 */
export function setText(text: Y.Text, next: string): void {
	const prev = text.toString();
	if (prev === next) return;
	const max = Math.min(prev.length, next.length);
	let start = 0;
	while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
	let end = 0;
	const same = (i: number) =>
		prev.charCodeAt(prev.length - 1 - i) === next.charCodeAt(next.length - 1 - i);
	while (end < max - start && same(end)) end++;
	if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
	if (end > 0 && isHighSurrogate(prev.charCodeAt(prev.length - end - 1))) end--;
	const removed = prev.length - start - end;
	if (removed > 0) text.delete(start, removed);
	if (next.length - start - end > 0) text.insert(start, next.slice(start, next.length - end));
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

/** The most characters of a clause's commitment shown as its heading. */
export const HEADING_MAX = 120;

/**
 * A commitment as a heading: whole when short, else its start up to a word boundary and "…"
 * (`shortened` tells the page to show the whole text below, so nothing is cut out of sight).
 */
export function headingOf(commitment: string): { text: string; shortened: boolean } {
	const text = commitment.trim().replace(/\s+/g, ' ');
	if (text.length <= HEADING_MAX) return { text, shortened: false };
	const head = cutAt(text, HEADING_MAX);
	const space = head.lastIndexOf(' ');
	const cut = space > HEADING_MAX * 0.6 ? head.slice(0, space) : head;
	return { text: `${cut.trimEnd()}…`, shortened: true };
}
