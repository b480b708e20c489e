/**
 * The contract's clauses: create, edit, reorder, archive and restore. Plain TypeScript over Y.Doc;
 * every user action is one `doc.transact(…, LOCAL)`; readers tolerate missing fields.
 */
import * as Y from 'yjs';
import { LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { clampText, setText, type ClampResult } from './text';
import { readTimeline, type Timeline } from './timeline';

/** A behaviour we cultivate, or a boundary we keep. */
export type ClauseKind = 'behaviour' | 'boundary';
/** Whose commitment a clause is: one partner's id, or both. */
export type Owner = PartnerId | 'both';

/** The clause fields that are Y.Text (character-level merge when both type at once). */
export const CLAUSE_TEXT_FIELDS = [
	'commitment',
	'action',
	'examples',
	'consequence',
	'backup',
	'touchBase'
] as const;
/** One of `CLAUSE_TEXT_FIELDS`. */
export type ClauseTextField = (typeof CLAUSE_TEXT_FIELDS)[number];

/** A plain snapshot of one clause, as read now. `timeline` null means "not chosen yet". */
export interface Clause extends Record<ClauseTextField, string> {
	id: string;
	kind: ClauseKind;
	owner: Owner;
	timeline: Timeline | null;
	order: number;
	createdAt: Instant;
	createdBy: PartnerId;
	updatedAt: Instant;
	archivedAt?: Instant;
}

/** What `addClause` needs: who writes it; everything else is optional and may come later. */
export type NewClause = Partial<Record<ClauseTextField, string>> & {
	by: PartnerId;
	kind?: ClauseKind;
	owner?: Owner;
	timeline?: Timeline | null;
};

/** The plain fields a person can change on a clause. */
export interface ClausePatch {
	kind?: ClauseKind;
	owner?: Owner;
	timeline?: Timeline | null;
}

/** Adds a clause at the end of the contract and returns its id. Initial texts are clamped. */
export function addClause(doc: Y.Doc, input: NewClause, now: Instant): string {
	const id = newId();
	const kind = input.kind ?? 'behaviour';
	doc.transact(() => {
		const clauses = roots.clauses(doc);
		const last = Math.max(0, ...listClauses(doc, { archived: true }).map((c) => c.order));
		// The creator writes every Y.Text now, so no peer ever has to create one later: two peers
		// creating the same field at once would keep one Y.Text and drop the other's words.
		const clause = new Y.Map<unknown>();
		clauses.set(id, clause);
		clause.set('id', id);
		clause.set('kind', kind);
		clause.set('owner', input.owner ?? 'both');
		const timeline = kind === 'boundary' ? { kind: 'always' } : readTimeline(input.timeline);
		if (timeline) clause.set('timeline', timeline);
		for (const field of CLAUSE_TEXT_FIELDS) {
			clause.set(field, new Y.Text(clampText(field, input[field] ?? '').text));
		}
		clause.set('order', last + 1);
		clause.set('createdAt', now);
		clause.set('createdBy', input.by);
		clause.set('updatedAt', now);
	}, LOCAL);
	return id;
}

/** The live Y.Text of one clause field, for an editor binding. */
export function clauseText(doc: Y.Doc, id: string, field: ClauseTextField): Y.Text | undefined {
	const value = clauseMap(doc, id)?.get(field);
	return value instanceof Y.Text ? value : undefined;
}

/**
 * Sets one clause text to `next` (cleaned and clamped). Writes only the changed span, so a
 * partner typing elsewhere in the same field keeps every word. Returns what was kept and why.
 */
export function editClauseText(
	doc: Y.Doc,
	id: string,
	field: ClauseTextField,
	next: string,
	now: Instant
): ClampResult {
	const result = clampText(field, next);
	const clause = clauseMap(doc, id);
	if (!clause) return result;
	doc.transact(() => {
		let text = clause.get(field);
		if (!(text instanceof Y.Text)) clause.set(field, (text = new Y.Text()));
		setText(text as Y.Text, result.text);
		clause.set('updatedAt', now);
	}, LOCAL);
	return result;
}

/** Records that a clause's text was edited through an editor binding (the binding writes text only). */
export function markClauseEdited(doc: Y.Doc, id: string, now: Instant): void {
	const clause = clauseMap(doc, id);
	if (clause) doc.transact(() => clause.set('updatedAt', now), LOCAL);
}

/** Changes kind, owner or timeline. A boundary's timeline is always 'always'. */
export function setClauseFields(doc: Y.Doc, id: string, patch: ClausePatch, now: Instant): void {
	const clause = clauseMap(doc, id);
	if (!clause) return;
	doc.transact(() => {
		const wasBoundary = clause.get('kind') === 'boundary';
		if (patch.kind) clause.set('kind', patch.kind);
		if (patch.owner) clause.set('owner', patch.owner);
		if (clause.get('kind') === 'boundary') clause.set('timeline', { kind: 'always' });
		else if (patch.timeline !== undefined) {
			const timeline = readTimeline(patch.timeline);
			if (timeline) clause.set('timeline', timeline);
			else clause.delete('timeline');
		} else if (wasBoundary) {
			// A boundary turned behaviour drops 'always', so the person chooses a real cadence.
			clause.delete('timeline');
		}
		clause.set('updatedAt', now);
	}, LOCAL);
}

/** Puts a clause at `toIndex` among the non-archived clauses: one write to its `order`. */
export function moveClause(doc: Y.Doc, id: string, toIndex: number, now: Instant): void {
	const clause = clauseMap(doc, id);
	if (!clause) return;
	doc.transact(() => {
		let order = orderAt(doc, id, toIndex);
		if (order === null) {
			// Halving has run out of float precision: renumber everything once, then place it.
			listClauses(doc, { archived: true }).forEach((c, i) =>
				roots
					.clauses(doc)
					.get(c.id)
					?.set('order', i + 1)
			);
			order = orderAt(doc, id, toIndex) ?? 0;
		}
		clause.set('order', order);
		clause.set('updatedAt', now);
	}, LOCAL);
}

/** Archives a clause (soft: it stays in history and can be restored). */
export function archiveClause(doc: Y.Doc, id: string, now: Instant): void {
	const clause = clauseMap(doc, id);
	if (clause)
		doc.transact(() => (clause.set('archivedAt', now), clause.set('updatedAt', now)), LOCAL);
}

/** Brings an archived clause back, at the place it had. */
export function restoreClause(doc: Y.Doc, id: string, now: Instant): void {
	const clause = clauseMap(doc, id);
	if (clause)
		doc.transact(() => (clause.delete('archivedAt'), clause.set('updatedAt', now)), LOCAL);
}

/** A plain snapshot of a clause map, with defaults for anything missing. */
export function readClause(id: string, clause: Y.Map<unknown>): Clause {
	const kind: ClauseKind = clause.get('kind') === 'boundary' ? 'boundary' : 'behaviour';
	const owner = clause.get('owner');
	const archivedAt = clause.get('archivedAt');
	const texts = Object.fromEntries(
		CLAUSE_TEXT_FIELDS.map((f) => [f, String(clause.get(f) ?? '')])
	) as Record<ClauseTextField, string>;
	return {
		id,
		kind,
		owner: typeof owner === 'string' && owner ? owner : 'both',
		timeline: kind === 'boundary' ? { kind: 'always' } : readTimeline(clause.get('timeline')),
		...texts,
		order: numberOr(clause.get('order'), 0),
		createdAt: numberOr(clause.get('createdAt'), 0),
		createdBy: String(clause.get('createdBy') ?? ''),
		updatedAt: numberOr(clause.get('updatedAt'), 0),
		...(typeof archivedAt === 'number' ? { archivedAt } : {})
	};
}

/** One clause as a plain snapshot, or undefined. */
export function getClause(doc: Y.Doc, id: string): Clause | undefined {
	const clause = clauseMap(doc, id);
	return clause instanceof Y.Map ? readClause(id, clause) : undefined;
}

/** Clauses in contract order (by `order`, ties by id); archived ones only when asked. */
export function listClauses(doc: Y.Doc, options: { archived?: boolean } = {}): Clause[] {
	const all: Clause[] = [];
	roots.clauses(doc).forEach((clause, id) => {
		if (clause instanceof Y.Map) all.push(readClause(id, clause));
	});
	return all.filter((c) => options.archived || c.archivedAt === undefined).sort(byClauseOrder);
}

/** Contract order: by `order`, ties broken by id so every device agrees. */
export function byClauseOrder(a: Clause, b: Clause): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** "Both of us", or the partner's name ("Sam"), or "A partner" for an unknown id. */
export function describeOwner(
	owner: Owner,
	partnersById: Readonly<Record<PartnerId, { name: string }>>
): string {
	return owner === 'both' ? 'Both of us' : (partnersById[owner]?.name ?? 'A partner');
}

/** The order value that puts `id` at `toIndex` among the others, or null if floats ran out. */
function orderAt(doc: Y.Doc, id: string, toIndex: number): number | null {
	const others = listClauses(doc).filter((c) => c.id !== id);
	const i = Math.max(0, Math.min(Math.trunc(toIndex), others.length));
	const before = others[i - 1]?.order;
	const after = others[i]?.order;
	if (before === undefined) return after === undefined ? 1 : after - 1;
	if (after === undefined) return before + 1;
	const mid = (before + after) / 2;
	return mid > before && mid < after ? mid : null;
}

/** The clause's Y.Map, or undefined (also for anything stored there that is not a Y.Map). */
function clauseMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
	const clause: unknown = roots.clauses(doc).get(id);
	return clause instanceof Y.Map ? clause : undefined;
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
