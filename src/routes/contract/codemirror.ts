/**
 * The contract's text editor: CodeMirror bound to one Y.Text with y-codemirror.next, so two
 * partners typing in the same field both keep every word and neither caret jumps. Loaded only by
 * the contract page, through a dynamic import, so the rest of the app never downloads it.
 */
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { toPlainText } from '$lib/contract/text';

/** How to mount one editor. */
export interface EditorOptions {
	ytext: Y.Text;
	awareness: Awareness;
	/** The id of the visible label that names the field. */
	labelledBy: string;
	/** Ids of notes that describe the field (hints, limits). */
	describedBy?: string;
	placeholder: string;
	/** Title and commitment are one line: Enter does nothing, pasted line breaks become spaces. */
	singleLine?: boolean;
	/**
	 * Typing or pasting past this many characters is refused whole (never cut), and `onRefused`
	 * is told; text from the partner is never refused.
	 */
	maxLength?: number;
	onRefused?: (attempted: number) => void;
}

/** A mounted editor. */
export interface MountedEditor {
	focus(): void;
	setDescribedBy(ids: string | undefined): void;
	destroy(): void;
}

// Calm and plain, from the app's own tokens, so it follows light and dark like everything else.
const theme = EditorView.theme({
	'&': {
		color: 'var(--text)',
		backgroundColor: 'var(--surface)',
		border: '1px solid var(--line)',
		borderRadius: 'var(--radius-sm)',
		fontSize: 'var(--text-md)'
	},
	'&.cm-focused': {
		outline: '3px solid var(--focus)',
		outlineOffset: '2px',
		borderColor: 'var(--focus)'
	},
	'.cm-scroller': { fontFamily: 'var(--font)', lineHeight: '1.55' },
	'.cm-content': {
		padding: 'var(--space-2) var(--space-3)',
		minHeight: '2.75rem',
		caretColor: 'var(--text)'
	},
	'.cm-line': { padding: '0' },
	// Examples read as examples: italic, labelled "For example:", in the muted colour (AA contrast).
	'.cm-placeholder': { color: 'var(--muted)', fontStyle: 'italic' },
	'.cm-ySelectionCaret': { borderColor: 'var(--warm)' },
	'.cm-ySelectionInfo': {
		color: 'var(--surface)',
		fontFamily: 'var(--font)',
		borderRadius: '3px',
		padding: '0 4px'
	}
});

/** Pasted text is plain text: CodeMirror pastes text/plain; this also drops what word processors leave. */
function plainPaste(singleLine: boolean): Extension {
	return EditorView.clipboardInputFilter.of((text) => {
		const plain = toPlainText(text);
		return singleLine ? plain.replace(/\s*\n\s*/g, ' ') : plain;
	});
}

/** One-line fields: Enter does nothing, and a line break typed or dropped in becomes a space. */
const oneLine: Extension = [
	keymap.of([{ key: 'Enter', run: () => true }]),
	EditorState.transactionFilter.of((tr) => {
		// Never rewrite what arrives from the partner: the editor must mirror the Y.Text exactly.
		if (!tr.docChanged || tr.annotation(ySyncAnnotation) || !tr.newDoc.toString().includes('\n')) {
			return tr;
		}
		const changes: { from: number; to: number; insert: string }[] = [];
		tr.changes.iterChanges((from, to, _fromB, _toB, inserted) => {
			changes.push({ from, to, insert: inserted.toString().replace(/\n/g, ' ') });
		});
		return { changes, selection: tr.selection, scrollIntoView: tr.scrollIntoView };
	})
];

/** A placeholder that cannot pass for the couple's own words. */
export function exampleText(example: string): string {
	return `For example: ${example}`;
}

/** Refuses a change made here that would take the text past `max` characters. */
function bounded(max: number, onRefused: (attempted: number) => void): Extension {
	return EditorState.transactionFilter.of((tr) => {
		if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr;
		const length = tr.newDoc.length;
		if (length <= max || length <= tr.startState.doc.length) return tr;
		onRefused(length);
		return [];
	});
}

/**
 * The partner's caret is drawn inside the text with their name; screen readers would read the
 * name as part of the words. Hide it from them (the page says who is editing in words).
 */
const quietCarets = EditorView.updateListener.of((update) => {
	for (const caret of update.view.contentDOM.querySelectorAll('.cm-ySelectionCaret')) {
		if (!caret.hasAttribute('aria-hidden')) caret.setAttribute('aria-hidden', 'true');
	}
});

/** Mounts an editor for `ytext` inside `parent`. The binding keeps it in step; never re-create it. */
export function mountEditor(parent: HTMLElement, options: EditorOptions): MountedEditor {
	// Our own undo manager, so undo only ever takes back this person's typing in this field.
	const undoManager = new Y.UndoManager(options.ytext, { trackedOrigins: new Set() });
	const described = new Compartment();
	let describedBy = options.describedBy;
	const attributes = () =>
		EditorView.contentAttributes.of({
			'aria-labelledby': options.labelledBy,
			...(describedBy ? { 'aria-describedby': describedBy } : {}),
			'aria-multiline': options.singleLine ? 'false' : 'true',
			spellcheck: 'true',
			autocorrect: 'on',
			autocapitalize: 'sentences',
			dir: 'auto'
		});
	const view = new EditorView({
		parent,
		state: EditorState.create({
			doc: options.ytext.toString(),
			extensions: [
				keymap.of(yUndoManagerKeymap),
				yCollab(options.ytext, options.awareness, { undoManager }),
				EditorView.lineWrapping,
				placeholder(exampleText(options.placeholder)),
				plainPaste(!!options.singleLine),
				options.singleLine ? oneLine : [],
				options.maxLength ? bounded(options.maxLength, options.onRefused ?? (() => {})) : [],
				described.of(attributes()),
				quietCarets,
				theme
			]
		})
	});
	return {
		focus: () => view.focus(),
		setDescribedBy(ids) {
			if (ids === describedBy) return;
			describedBy = ids;
			view.dispatch({ effects: described.reconfigure(attributes()) });
		},
		destroy() {
			view.destroy();
			undoManager.destroy();
		}
	};
}
