/** Reading setbacks: where each stands, the versions that answer them, and lapses for the tracker. */
import type * as Y from 'yjs';
import { roots, type Instant, type PartnerId } from '../schema';
import { listVersions, type VersionInfo } from '../contract/versions';
import { readVersions } from '../contract/records';
import type { Lapse } from '../tracker/model';
import { isRecord } from '../checkins/model';
import {
	isSetback,
	type RevisedBy,
	type Setback,
	type SetbackView,
	type TalkedThrough
} from './model';

/** Signed by both partners on its own hash (it counted, even if a later version replaced it). */
const wasAgreed = (v: VersionInfo, partners: number) =>
	v.intact && partners >= 2 && v.signatures.length === partners;

/** Every live setback with where it stands, newest day first (ties: newest logged, then id). */
export function listSetbacks(doc: Y.Doc, partnerIds: readonly PartnerId[]): SetbackView[] {
	const partners = [...new Set(partnerIds)].length;
	const setbacks: Setback[] = [];
	const talked = new Map<string, TalkedThrough>();
	const answeredBy = new Map<string, Set<string>>();
	const answer = (setbackId: string, versionId: string) => {
		let set = answeredBy.get(setbackId);
		if (!set) answeredBy.set(setbackId, (set = new Set()));
		set.add(versionId);
	};
	roots.setbacks(doc).forEach((v) => {
		if (isSetback(v)) {
			if (!v.deletedAt) setbacks.push(v);
		} else if (isRecord<TalkedThrough>(v, 'setbackTalked')) talked.set(v.setbackId, v);
		else if (isRecord<RevisedBy>(v, 'setbackRevised')) answer(v.setbackId, v.versionId);
	});
	const versions = listVersions(doc, partnerIds);
	for (const v of versions) if (v.version.cites) answer(v.version.cites.setbackId, v.version.id);
	return setbacks
		.map((s): SetbackView => {
			const answering = versions.filter((v) => answeredBy.get(s.id)?.has(v.version.id));
			const revised = answering.find((v) => wasAgreed(v, partners));
			const t = talked.get(s.id);
			return {
				...s,
				status: revised ? 'contractUpdated' : t ? 'talkedThrough' : 'logged',
				...(t ? { talkedThroughIn: t.checkinId, talkedThroughAt: t.at } : {}),
				...(revised ? { revisedByVersionId: revised.version.id } : {}),
				proposedIn: answering.filter((v) => !wasAgreed(v, partners)).map((v) => v.version.id)
			};
		})
		.sort((a, b) =>
			a.day < b.day
				? 1
				: a.day > b.day
					? -1
					: b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
		);
}

/** One live setback with where it stands. */
export function setbackById(
	doc: Y.Doc,
	id: string,
	partnerIds: readonly PartnerId[]
): SetbackView | undefined {
	return listSetbacks(doc, partnerIds).find((s) => s.id === id);
}

/** Setbacks logged after `since` (for the week in numbers), newest first. */
export function setbacksSince(
	doc: Y.Doc,
	since: Instant,
	partnerIds: readonly PartnerId[]
): SetbackView[] {
	return listSetbacks(doc, partnerIds).filter((s) => s.at > since);
}

/** The setback a version was proposed to answer (its `cites`), so history shows why a rule changed. */
export function setbackForVersion(doc: Y.Doc, versionId: string): Setback | undefined {
	const found = readVersions(doc).find((r) => r.version.id === versionId);
	const s = found?.version.cites && roots.setbacks(doc).get(found.version.cites.setbackId);
	return isSetback(s) ? s : undefined;
}

/** The versions proposed from a setback (citing it), oldest first, with their labels and state. */
export function versionsCitingSetback(
	doc: Y.Doc,
	setbackId: string,
	partnerIds: readonly PartnerId[]
): VersionInfo[] {
	return listVersions(doc, partnerIds).filter((v) => v.version.cites?.setbackId === setbackId);
}

/** Each live setback's clauses as tracker lapses (boundaries read them as not honoured that day). */
export function lapsesFromSetbacks(doc: Y.Doc): Lapse[] {
	const seen = new Set<string>();
	const out: Lapse[] = [];
	roots.setbacks(doc).forEach((s) => {
		if (!isSetback(s) || s.deletedAt) return;
		for (const clauseId of s.clauseIds) {
			const key = `${clauseId}\u0000${s.day}\u0000${s.partnerId ?? ''}`;
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(
				s.partnerId ? { clauseId, day: s.day, partnerId: s.partnerId } : { clauseId, day: s.day }
			);
		}
	});
	return out;
}
