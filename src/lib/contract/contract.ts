/**
 * The living contract. This module holds the contract's own title and why, and re-exports the
 * clause, text and timeline APIs, so `$lib/contract/contract` is the one import the UI needs for
 * editing. Versions, comparison, hints and export live in their own modules beside it.
 */
import * as Y from 'yjs';
import { INITIAL, LOCAL, roots } from '../schema';
import { clampText, setText, type ClampResult } from './text';

export * from './clauses';
export * from './text';
export * from './timeline';

/** The contract's own texts. */
export type ContractTextField = 'title' | 'why';

/**
 * Creates the title and why texts. Call once, as the space's creator, at creation: if two peers
 * both created them, the map would keep one peer's Y.Text and drop the other's words.
 */
export function ensureContractTexts(doc: Y.Doc): void {
	doc.transact(() => {
		const contract = roots.contract(doc);
		for (const key of ['title', 'why'] as const) {
			if (!(contract.get(key) instanceof Y.Text)) contract.set(key, new Y.Text());
		}
	}, INITIAL);
}

/** The live title or why, for an editor binding; undefined until the creator's copy arrives. */
export function contractText(doc: Y.Doc, field: ContractTextField): Y.Text | undefined {
	const value = roots.contract(doc).get(field);
	return value instanceof Y.Text ? value : undefined;
}

/** Title and why as plain strings; absent texts read as empty. */
export function readContractHeader(doc: Y.Doc): { title: string; why: string } {
	return {
		title: contractText(doc, 'title')?.toString() ?? '',
		why: contractText(doc, 'why')?.toString() ?? ''
	};
}

/** Sets the title or why to `next` (cleaned and clamped), writing only the characters that changed. */
export function editContractText(doc: Y.Doc, field: ContractTextField, next: string): ClampResult {
	const result = clampText(field, next);
	doc.transact(() => {
		let text = contractText(doc, field);
		// Only reached in a space whose creator never called ensureContractTexts (see there).
		if (!text) roots.contract(doc).set(field, (text = new Y.Text()));
		setText(text, result.text);
	}, LOCAL);
	return result;
}
