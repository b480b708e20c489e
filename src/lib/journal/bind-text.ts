/**
 * Binds a text area to one Y.Text of a journal entry: typing writes the smallest change at once
 * (no Save button, nothing to lose), and words arriving from one's other device appear in place
 * without moving the caret. Used as a Svelte attachment: `{@attach bindText(doc, id, 'text')}`.
 */
import type * as Y from 'yjs';
import { editText, entryText, type TextKey } from './journal';

/** A change as Yjs describes it: keep, insert or delete, in order. */
type Delta = { retain?: number; insert?: unknown; delete?: number }[];

/** Where a caret at `index` of the old text ends up after someone else's change. */
export function shiftIndex(index: number, delta: Delta): number {
	let pos = 0; // Position in the old text.
	let out = index;
	for (const op of delta) {
		// Changes at or after the caret leave it where it is.
		if (pos >= index) break;
		if (op.retain) pos += op.retain;
		else if (typeof op.insert === 'string') out += op.insert.length;
		else if (op.delete) {
			out -= Math.min(op.delete, index - pos);
			pos += op.delete;
		}
	}
	return Math.max(0, out);
}

/** An attachment for a text area showing and editing one field of one entry. */
export function bindText(privateDoc: Y.Doc, entryId: string, key: TextKey) {
	return (area: HTMLTextAreaElement): (() => void) | void => {
		const text = entryText(privateDoc, entryId, key);
		if (!text) return;
		area.value = text.toString();
		const onInput = () => {
			editText(privateDoc, entryId, key, area.value, Date.now());
		};
		const onChange = (event: Y.YTextEvent) => {
			const next = text.toString();
			if (area.value === next) return; // This text area's own typing.
			const focused = area.ownerDocument.activeElement === area;
			const [start, end] = [area.selectionStart, area.selectionEnd];
			const delta = event.delta as Delta;
			area.value = next;
			if (focused) area.setSelectionRange(shiftIndex(start, delta), shiftIndex(end, delta));
		};
		area.addEventListener('input', onInput);
		text.observe(onChange);
		return () => {
			area.removeEventListener('input', onInput);
			text.unobserve(onChange);
		};
	};
}
