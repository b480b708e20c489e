/**
 * A version's content: the contract frozen as plain JSON, its canonical serialisation and its
 * SHA-256 hash. Synchronous throughout, so views can compare the live contract cheaply.
 */
import type * as Y from 'yjs';
import { canonicalHash, canonicalJson as canonical } from '../trust/canonical';
import { readContractHeader } from './contract';
import {
	CLAUSE_TEXT_FIELDS,
	listClauses,
	type Clause,
	type ClauseKind,
	type ClauseTextField,
	type Owner
} from './clauses';
import { readTimeline, type Timeline } from './timeline';

/** One clause as frozen in a version. Order is the array position, so it has no `order` field. */
export interface VersionClause extends Record<ClauseTextField, string> {
	id: string;
	kind: ClauseKind;
	owner: Owner;
	timeline: Timeline | null;
}

/** The contract as frozen in a version: what both partners sign. */
export interface VersionContent {
	title: string;
	why: string;
	clauses: VersionClause[];
}

/** The live contract as version content: non-archived clauses in order, fixed key order. */
export function liveContent(doc: Y.Doc): VersionContent {
	return contentOf(readContractHeader(doc), listClauses(doc));
}

/** Version content from a header and the live clauses in contract order. */
export function contentOf(
	{ title, why }: { title: string; why: string },
	clauses: readonly Clause[]
): VersionContent {
	return { title, why, clauses: clauses.map(versionClauseOf) };
}

// A live view hands over the same clause object until that clause changes, so each clause's
// frozen form and canonical JSON are worked out once per change, not once per keystroke anywhere.
const frozenClauses = new WeakMap<Clause, VersionClause>();
const clauseJson = new WeakMap<VersionClause, string>();

function versionClauseOf(clause: Clause): VersionClause {
	let frozen = frozenClauses.get(clause);
	if (!frozen) {
		frozen = toVersionClause({ ...clause });
		frozenClauses.set(clause, frozen);
	}
	return frozen;
}

/** canonicalJson(content), reusing each clause's part while it is the same object. */
export function contentJson(content: VersionContent): string {
	// "clauses" sorts before "title" and "why", so the canonical form starts with the clauses.
	const start = '{"clauses":[';
	const rest = canonicalJson({ ...content, clauses: [] });
	if (!rest.startsWith(`${start}]`)) return canonicalJson(content);
	const parts = content.clauses.map((clause) => {
		let json = clauseJson.get(clause);
		if (json === undefined) {
			json = canonicalJson(clause);
			clauseJson.set(clause, json);
		}
		return json;
	});
	return `${start}${parts.join(',')}${rest.slice(start.length)}`;
}

/** Version content from stored data, tolerating gaps (for display; hashes use the stored data). */
export function readContent(raw: unknown): VersionContent {
	const v = isObject(raw) ? raw : {};
	const clauses = Array.isArray(v.clauses) ? v.clauses.filter(isObject) : [];
	return {
		title: str(v.title),
		why: str(v.why),
		clauses: clauses.map((c, i) => toVersionClause({ ...c, id: str(c.id) || `clause-${i + 1}` }))
	};
}

/** The app's one canonical JSON (src/lib/trust/canonical.ts): what a version's hash is taken of. */
export const canonicalJson = canonical;

/**
 * SHA-256 (hex) of the canonical JSON, UTF-8 encoded. Synchronous (noble's SHA-256 rather than
 * crypto.subtle): views can check it without awaiting, and it also works where crypto.subtle
 * does not exist (pages served without HTTPS on a home network). Content with no JSON form
 * (only a hand-made write can store it) gets a hash no version has, so it is never intact.
 */
export function hashContent(content: unknown): string {
	try {
		return canonicalHash(content);
	} catch {
		return 'no-canonical-form';
	}
}

/** A clause as version content, with a fixed key order and defaults for anything missing. */
function toVersionClause(c: Record<string, unknown>): VersionClause {
	const kind: ClauseKind = c.kind === 'boundary' ? 'boundary' : 'behaviour';
	const texts = Object.fromEntries(CLAUSE_TEXT_FIELDS.map((f) => [f, str(c[f])]));
	return {
		id: str(c.id),
		kind,
		owner: str(c.owner) || 'both',
		timeline: kind === 'boundary' ? { kind: 'always' } : readTimeline(c.timeline),
		...(texts as Record<ClauseTextField, string>)
	};
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}
