/**
 * A readable comparison of two versions: title and why, then each clause added, removed, changed,
 * moved or unchanged, with word-level differences in changed text.
 */
import { diffWords } from 'diff';
import { canonicalJson, type VersionClause, type VersionContent } from './content';
import { CLAUSE_TEXT_FIELDS, type ClauseKind, type ClauseTextField, type Owner } from './clauses';
import type { Timeline } from './timeline';

/** A run of words that both texts share, or that only the newer (added) or older (removed) has. */
export interface WordPart {
	value: string;
	change: 'same' | 'added' | 'removed';
}

/** A text that differs between the versions, as word parts in reading order. */
export interface TextChange {
	before: string;
	after: string;
	parts: WordPart[];
}

/** A plain value that differs between the versions. */
export interface FieldChange<T> {
	before: T;
	after: T;
}

/** What happened to a clause between the versions. 'changed' wins over 'moved'; see `moved`. */
export type ClauseChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

/** One clause in the comparison. Only fields that differ are present. */
export interface ClauseComparison {
	id: string;
	status: ClauseChangeKind;
	/** Its place among the clauses both versions share changed (true for some 'changed' ones too). */
	moved: boolean;
	before?: VersionClause;
	after?: VersionClause;
	texts: Partial<Record<ClauseTextField, TextChange>>;
	kind?: FieldChange<ClauseKind>;
	owner?: FieldChange<Owner>;
	timeline?: FieldChange<Timeline | null>;
}

/** The whole comparison from `a` (older) to `b` (newer). */
export interface VersionComparison {
	title?: TextChange;
	why?: TextChange;
	/** In `b`'s order; a removed clause sits where it was, after the clause it used to follow. */
	clauses: ClauseComparison[];
	counts: Record<ClauseChangeKind, number>;
	identical: boolean;
}

/** Compares two versions' content; `a` is the older (usually the last agreed), `b` the newer. */
export function compareVersions(a: VersionContent, b: VersionContent): VersionComparison {
	const beforeById = new Map(a.clauses.map((c) => [c.id, c]));
	const afterIds = new Set(b.clauses.map((c) => c.id));
	const stable = longestCommonOrder(
		a.clauses.filter((c) => afterIds.has(c.id)).map((c) => c.id),
		b.clauses.filter((c) => beforeById.has(c.id)).map((c) => c.id)
	);
	const clauses = b.clauses.map((after) => {
		const before = beforeById.get(after.id);
		return before
			? compareClause(before, after, !stable.has(after.id))
			: { id: after.id, status: 'added' as const, moved: false, after, texts: {} };
	});
	// Put each removed clause right after the clause it followed in `a` (or first, if none).
	let anchor = -1;
	for (const before of a.clauses) {
		if (afterIds.has(before.id)) {
			anchor = clauses.findIndex((c) => c.id === before.id);
			continue;
		}
		clauses.splice(++anchor, 0, {
			id: before.id,
			status: 'removed',
			moved: false,
			before,
			texts: {}
		});
	}
	const counts = { added: 0, removed: 0, changed: 0, moved: 0, unchanged: 0 };
	for (const c of clauses) counts[c.status]++;
	const title = diffText(a.title, b.title);
	const why = diffText(a.why, b.why);
	return {
		...(title ? { title } : {}),
		...(why ? { why } : {}),
		clauses,
		counts,
		identical: !title && !why && counts.unchanged === clauses.length
	};
}

/** Word-level differences between two texts, or undefined when they are equal. */
export function diffText(before: string, after: string): TextChange | undefined {
	if (before === after) return undefined;
	const parts: WordPart[] = diffWords(before, after, { intlSegmenter: wordSegmenter() }).map(
		(c) => ({ value: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' })
	);
	// diffWords ignores changes in spacing alone; show those as the whole text replaced.
	if (parts.every((p) => p.change === 'same')) {
		return {
			before,
			after,
			parts: [
				{ value: before, change: 'removed' },
				{ value: after, change: 'added' }
			]
		};
	}
	return { before, after, parts };
}

function compareClause(
	before: VersionClause,
	after: VersionClause,
	moved: boolean
): ClauseComparison {
	const texts: Partial<Record<ClauseTextField, TextChange>> = {};
	for (const field of CLAUSE_TEXT_FIELDS) {
		const change = diffText(before[field], after[field]);
		if (change) texts[field] = change;
	}
	const fields = {
		...(before.kind !== after.kind ? { kind: { before: before.kind, after: after.kind } } : {}),
		...(before.owner !== after.owner
			? { owner: { before: before.owner, after: after.owner } }
			: {}),
		...(canonicalJson(before.timeline) !== canonicalJson(after.timeline)
			? { timeline: { before: before.timeline, after: after.timeline } }
			: {})
	};
	const changed = Object.keys(texts).length > 0 || Object.keys(fields).length > 0;
	const status = changed ? 'changed' : moved ? 'moved' : 'unchanged';
	return { id: after.id, status, moved, before, after, texts, ...fields };
}

/**
 * The ids that keep their relative order (a longest common subsequence). Every other shared id
 * moved: adding or removing a clause does not make the clauses after it look moved.
 */
function longestCommonOrder(a: string[], b: string[]): Set<string> {
	const lengths = Array.from({ length: a.length + 1 }, () =>
		new Array<number>(b.length + 1).fill(0)
	);
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lengths[i][j] =
				a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
		}
	}
	const stable = new Set<string>();
	for (let i = 0, j = 0; i < a.length && j < b.length;) {
		if (a[i] === b[j]) {
			stable.add(a[i]);
			i++;
			j++;
		} else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
		else j++;
	}
	return stable;
}

let segmenter: Intl.Segmenter | undefined;

/** A word segmenter, so Arabic, Hebrew, CJK and emoji diff by word rather than by letter. */
function wordSegmenter(): Intl.Segmenter | undefined {
	if (typeof Intl.Segmenter !== 'function') return undefined;
	return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' }));
}
