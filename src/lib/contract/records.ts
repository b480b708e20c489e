/**
 * Reading stored versions and signatures: plain records in `roots.revisions` and
 * `roots.signatures`, validated and put in the one total order every device agrees on.
 */
import type * as Y from 'yjs';
import { roots, type Instant, type PartnerId } from '../schema';
import { hashContent, readContent, type VersionContent } from './content';

/** A proposed version as stored in `roots.revisions` (plain JSON, never edited after). */
export interface Version {
	id: string;
	number: number;
	note: string;
	content: VersionContent;
	hash: string;
	proposedBy: PartnerId;
	proposedAt: Instant;
	/** The setback this version answers, when it was proposed after one. */
	cites?: { setbackId: string };
}

/** A signature as stored in `roots.signatures` under `${versionId}:${partnerId}`. */
export interface Signature {
	versionId: string;
	partnerId: PartnerId;
	hash: string;
	signedAt: Instant;
}

/** A readable stored version, and whether its content still matches its hash. */
export interface ReadVersion {
	version: Version;
	intact: boolean;
}

// Stored records are never edited in place, so each is parsed and hashed once per record object.
const parsed = new WeakMap<object, ReadVersion | null>();

/** Readable versions in the total order (number, proposedAt, id). */
export function readVersions(doc: Y.Doc): ReadVersion[] {
	const out: ReadVersion[] = [];
	roots.revisions(doc).forEach((record, key) => {
		if (typeof record !== 'object' || record === null) return;
		if (!parsed.has(record)) parsed.set(record, parseVersion(record as Record<string, unknown>));
		const read = parsed.get(record);
		if (read && read.version.id === key) out.push(read);
	});
	return out.sort(
		(a, b) =>
			a.version.number - b.version.number ||
			a.version.proposedAt - b.version.proposedAt ||
			(a.version.id < b.version.id ? -1 : a.version.id > b.version.id ? 1 : 0)
	);
}

/** A stored version record, or null when it is too malformed to show. */
function parseVersion(r: Record<string, unknown>): ReadVersion | null {
	const ok =
		typeof r.id === 'string' &&
		Number.isInteger(r.number) &&
		(r.number as number) > 0 &&
		typeof r.hash === 'string' &&
		typeof r.proposedAt === 'number' &&
		typeof r.content === 'object';
	if (!ok) return null;
	const cites = r.cites as { setbackId?: unknown } | undefined;
	const version: Version = {
		id: r.id as string,
		number: r.number as number,
		note: typeof r.note === 'string' ? r.note : '',
		content: readContent(r.content),
		hash: r.hash as string,
		proposedBy: typeof r.proposedBy === 'string' ? r.proposedBy : '',
		proposedAt: r.proposedAt as number,
		...(typeof cites?.setbackId === 'string' ? { cites: { setbackId: cites.setbackId } } : {})
	};
	// Hash what is stored, not the tidied copy: content from a newer app may carry fields we don't know.
	return { version, intact: hashContent(r.content) === version.hash };
}

/** True when `s` is a signature by `partnerId` on this version's own hash. */
export function isSignatureOf(
	s: Partial<Signature> | undefined,
	version: Version,
	partnerId: PartnerId
): s is Signature {
	return (
		typeof s === 'object' &&
		s !== null &&
		s.versionId === version.id &&
		s.partnerId === partnerId &&
		s.hash === version.hash &&
		typeof s.signedAt === 'number'
	);
}
