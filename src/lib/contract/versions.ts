/**
 * Versions both partners sign. A version is a frozen copy of the contract with its SHA-256 hash;
 * it is agreed only when every partner signed that same hash.
 *
 * Concurrent proposals (the tie-break): versions are totally ordered by (number, proposedAt, id).
 * Only the newest version in that order is open for signing; every older version that is not the
 * latest agreed one is "superseded". When two offline devices both propose number N, both are kept:
 * the first in the order is labelled "N", the next "Nb" (then "Nc" …, `alsoProposed: true`). The
 * later one becomes the open proposal and the earlier is superseded, unless it was already agreed.
 * Nothing looks agreed unless every partner signed that version's own, verified hash.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { clampText } from './text';
import { hashContent, liveContent } from './content';
import { isSignatureOf, readVersions, type Signature, type Version } from './records';

export * from './content';
export type { Signature, Version } from './records';

/** Where a version stands: open for signing, the agreed one that counts, or replaced. */
export type VersionState = 'proposed' | 'agreed' | 'superseded';

/** A version with everything a view shows about it. */
export interface VersionInfo {
	version: Version;
	/** "3", or "3b" for a second version proposed as number 3 on another device at the same time. */
	label: string;
	alsoProposed: boolean;
	state: VersionState;
	/** False when the stored content no longer matches its hash: such a version is never agreed. */
	intact: boolean;
	/** Valid signatures only: by a partner, for this version, on its hash. */
	signatures: Signature[];
	signedBy: PartnerId[];
}

/** The answer to `signVersion`: done, or why not, in words a person can read. */
export type SignResult =
	{ ok: true } | { ok: false; reason: keyof typeof REFUSALS; message: string };

/** Why a signature was refused, in calm words for the person signing. */
export const REFUSALS = {
	missing: 'We can’t find this version on this device yet.',
	damaged:
		'This copy doesn’t match its fingerprint, so it can’t be signed. Proposing it again makes a fresh copy.',
	changed: 'This version is not the one you reviewed. Please look it over again before signing.',
	superseded: 'A newer version has been proposed since. Please look at that one instead.'
} as const;

/** The number the next proposal will get: one more than the highest so far. */
export function nextVersionNumber(doc: Y.Doc): number {
	return 1 + Math.max(0, ...readVersions(doc).map((r) => r.version.number));
}

/** Freezes the live contract (non-archived clauses, title, why) as a new proposed version. */
export function proposeVersion(
	doc: Y.Doc,
	input: { by: PartnerId; note: string; cites?: { setbackId: string } },
	now: Instant
): Version {
	let version!: Version;
	doc.transact(() => {
		const content = liveContent(doc);
		version = {
			id: newId(),
			number: nextVersionNumber(doc),
			note: clampText('note', input.note).text,
			content,
			hash: hashContent(content),
			proposedBy: input.by,
			proposedAt: now,
			...(input.cites ? { cites: { setbackId: input.cites.setbackId } } : {})
		};
		roots.revisions(doc).set(version.id, version);
	}, LOCAL);
	return version;
}

/**
 * Signs a version on the hash the signer reviewed. Refuses, calmly, when that hash is not the
 * version's, when the version is damaged, or when a newer version has been proposed since.
 */
export function signVersion(
	doc: Y.Doc,
	input: { versionId: string; by: PartnerId; hash: string },
	now: Instant
): SignResult {
	const all = readVersions(doc);
	const i = all.findIndex((r) => r.version.id === input.versionId);
	const found = all[i];
	const reason = !found
		? 'missing'
		: !found.intact
			? 'damaged'
			: input.hash !== found.version.hash
				? 'changed'
				: i !== all.length - 1
					? 'superseded'
					: null;
	if (reason) return { ok: false, reason, message: REFUSALS[reason] };
	const key = `${input.versionId}:${input.by}`;
	const existing = roots.signatures(doc).get(key) as Partial<Signature> | undefined;
	if (existing?.hash === input.hash) return { ok: true };
	const signature: Signature = {
		versionId: input.versionId,
		partnerId: input.by,
		hash: input.hash,
		signedAt: now
	};
	doc.transact(() => roots.signatures(doc).set(key, signature), LOCAL);
	return { ok: true };
}

/** Every version, oldest first, with its label, state and valid signatures. */
export function listVersions(doc: Y.Doc, partnerIds: readonly PartnerId[]): VersionInfo[] {
	const partners = [...new Set(partnerIds)];
	const signatures = roots.signatures(doc);
	const seen = new Map<number, number>();
	const infos = readVersions(doc).map(({ version, intact }): VersionInfo => {
		const k = seen.get(version.number) ?? 0;
		seen.set(version.number, k + 1);
		const valid = partners
			.map((p) => signatures.get(`${version.id}:${p}`) as Partial<Signature> | undefined)
			.filter((s, i): s is Signature => isSignatureOf(s, version, partners[i]));
		return {
			version,
			label: k === 0 ? String(version.number) : `${version.number}${suffix(k)}`,
			alsoProposed: k > 0,
			state: 'superseded',
			intact,
			signatures: valid,
			signedBy: valid.map((s) => s.partnerId)
		};
	});
	// Agreed takes two partners, both signing this version's own, verified hash.
	const isAgreed = (v: VersionInfo) =>
		v.intact && partners.length >= 2 && v.signatures.length === partners.length;
	const agreed = infos.findLastIndex(isAgreed);
	if (agreed >= 0) infos[agreed].state = 'agreed';
	if (infos.length - 1 > agreed) infos[infos.length - 1].state = 'proposed';
	return infos;
}

/** One version's info, or undefined when there is no readable version with that id. */
export function versionStatus(
	doc: Y.Doc,
	versionId: string,
	partnerIds: readonly PartnerId[]
): VersionInfo | undefined {
	return listVersions(doc, partnerIds).find((v) => v.version.id === versionId);
}

/** The agreed version that counts (the latest agreed); the rest of the app reads its content. */
export function agreedVersion(
	doc: Y.Doc,
	partnerIds: readonly PartnerId[]
): VersionInfo | undefined {
	return listVersions(doc, partnerIds).find((v) => v.state === 'agreed');
}

/** The one version open for signing, if the newest version is not yet agreed. */
export function openProposal(
	doc: Y.Doc,
	partnerIds: readonly PartnerId[]
): VersionInfo | undefined {
	return listVersions(doc, partnerIds).find((v) => v.state === 'proposed');
}

/** True when the live contract differs from the agreed version (false while nothing is agreed). */
export function changesSinceAgreed(doc: Y.Doc, partnerIds: readonly PartnerId[]): boolean {
	const agreed = agreedVersion(doc, partnerIds);
	return agreed !== undefined && hashContent(liveContent(doc)) !== agreed.version.hash;
}

function suffix(k: number): string {
	return k < 25 ? String.fromCharCode(98 + k - 1) : `-${k + 1}`;
}
