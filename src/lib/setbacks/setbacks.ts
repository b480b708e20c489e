/**
 * Logging a setback calmly: what happened, which clauses it touched, the trigger, feelings if
 * wanted, and the counter-measure. The consequence agreed in advance is copied from the agreed
 * contract version at that moment, as agreed, and is never edited afterwards.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { agreedVersion, listVersions, type VersionInfo } from '../contract/versions';
import { daysBetween, isDay, toDay } from '../core/calendar';
import { compact, isRecord, refuse, type Result } from '../checkins/model';
import { LIMITS, tidy } from '../core/text';
import {
	isSetback,
	type FrozenConsequence,
	type RevisedBy,
	type Setback,
	type TalkedThrough
} from './model';

/** What the "Something went wrong" form sends. Only what happened is required. */
export interface NewSetback {
	by: PartnerId;
	whatHappened: string;
	clauseIds?: string[];
	trigger?: string;
	feelings?: string;
	counterMeasure?: string;
	/** The day it happened; defaults to today. */
	day?: Day;
	partnerId?: PartnerId;
}

/** The parts of a setback its author can correct later. */
export type SetbackChange = Partial<
	Pick<NewSetback, 'whatHappened' | 'clauseIds' | 'trigger' | 'feelings' | 'counterMeasure' | 'day'>
> & { partnerId?: PartnerId | null };

const MAX_CLAUSES = 20;

function cleanIds(ids: readonly unknown[] | undefined): string[] {
	const strings = (ids ?? []).filter((id): id is string => typeof id === 'string' && id !== '');
	return [...new Set(strings)].slice(0, MAX_CLAUSES);
}

/** The consequences of these clauses as one agreed version states them. */
function freeze(info: VersionInfo | undefined, clauseIds: readonly string[]): FrozenConsequence[] {
	if (!info) return [];
	const out: FrozenConsequence[] = [];
	for (const clauseId of clauseIds) {
		const clause = info.version.content.clauses.find((c) => c.id === clauseId);
		if (clause)
			out.push({
				versionId: info.version.id,
				versionLabel: info.label,
				clauseId,
				commitment: clause.commitment,
				text: clause.consequence
			});
	}
	return out;
}

// A day after tomorrow is most likely a wrong clock, as in the tracker.
const isPlausibleDay = (day: unknown, now: Instant): day is Day =>
	isDay(day) && daysBetween(toDay(now), day) <= 1;

/** Logs a setback; freezes the agreed consequences of the clauses it touched. */
export function logSetback(
	doc: Y.Doc,
	input: NewSetback,
	partnerIds: readonly PartnerId[],
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const whatHappened = tidy(input.whatHappened, LIMITS.long);
	const day = input.day ?? toDay(now);
	if (!whatHappened || !isPlausibleDay(day, now)) return refuse('invalid');
	const clauseIds = cleanIds(input.clauseIds);
	const agreed = agreedVersion(doc, partnerIds);
	const id = newId();
	const setback: Setback = compact({
		type: 'setback',
		id,
		loggedBy: input.by,
		at: now,
		day,
		whatHappened,
		clauseIds,
		trigger: tidy(input.trigger, LIMITS.long),
		feelings: tidy(input.feelings, LIMITS.long) || undefined,
		counterMeasure: tidy(input.counterMeasure, LIMITS.long),
		partnerId: input.partnerId,
		agreedVersionId: agreed?.version.id,
		agreedConsequence: freeze(agreed, clauseIds),
		updatedAt: now
	});
	doc.transact(() => roots.setbacks(doc).set(id, setback), LOCAL);
	return { ok: true, id };
}

function ownSetback(doc: Y.Doc, id: string, by: PartnerId): Setback | Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const s = roots.setbacks(doc).get(id);
	if (!isSetback(s) || s.deletedAt) return refuse('notFound');
	if (s.loggedBy !== by) return refuse('notYours');
	return s;
}

/**
 * Corrects one's own setback. Touching other clauses takes their consequences from the same
 * agreed version as before: what applied is what was agreed when it happened.
 */
export function editSetback(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	change: SetbackChange,
	partnerIds: readonly PartnerId[],
	now: Instant = Date.now()
): Result {
	const s = ownSetback(doc, id, by);
	if ('ok' in s) return s;
	const text = (v: string | undefined, old: string) =>
		v === undefined ? old : tidy(v, LIMITS.long);
	const whatHappened = text(change.whatHappened, s.whatHappened);
	const day = change.day ?? s.day;
	if (!whatHappened || (change.day !== undefined && !isPlausibleDay(day, now)))
		return refuse('invalid');
	const clauseIds = change.clauseIds ? cleanIds(change.clauseIds) : s.clauseIds;
	const then = listVersions(doc, partnerIds).find((v) => v.version.id === s.agreedVersionId);
	// Keep what was frozen; only clauses newly touched are copied (from the same version).
	const kept = s.agreedConsequence.filter((c) => clauseIds.includes(c.clauseId));
	const added = freeze(
		then,
		clauseIds.filter((c) => !kept.some((k) => k.clauseId === c))
	);
	const next: Setback = compact({
		...s,
		whatHappened,
		day,
		clauseIds,
		trigger: text(change.trigger, s.trigger),
		feelings: text(change.feelings, s.feelings ?? '') || undefined,
		counterMeasure: text(change.counterMeasure, s.counterMeasure),
		partnerId: change.partnerId === undefined ? s.partnerId : (change.partnerId ?? undefined),
		agreedConsequence: [...kept, ...added],
		updatedAt: Math.max(now, s.updatedAt + 1)
	});
	doc.transact(() => roots.setbacks(doc).set(id, next), LOCAL);
	return { ok: true, id };
}

/** Withdraws one's own setback (soft: a concurrent edit is not silently lost). */
export function withdrawSetback(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const s = ownSetback(doc, id, by);
	if ('ok' in s) return s;
	const stamp = Math.max(now, s.updatedAt + 1);
	doc.transact(
		() => roots.setbacks(doc).set(id, { ...s, updatedAt: stamp, deletedAt: stamp }),
		LOCAL
	);
	return { ok: true, id };
}

function liveSetback(doc: Y.Doc, id: string): Setback | undefined {
	const s = roots.setbacks(doc).get(id);
	return isSetback(s) && !s.deletedAt ? s : undefined;
}

/** logged → talked through: the couple talked about it at a check-in (the first time counts). */
export function markTalkedThrough(
	doc: Y.Doc,
	setbackId: string,
	checkinId: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!liveSetback(doc, setbackId)) return refuse('notFound');
	const key = `talked:${setbackId}`;
	if (isRecord(roots.setbacks(doc).get(key), 'setbackTalked')) return { ok: true, id: setbackId };
	const talked: TalkedThrough = { type: 'setbackTalked', setbackId, checkinId, by, at: now };
	doc.transact(() => roots.setbacks(doc).set(key, talked), LOCAL);
	return { ok: true, id: setbackId };
}

/**
 * Links a version that answers the setback without citing it. A version proposed from the
 * setback cites it already (`proposeVersion(…, { cites: { setbackId } })`) and needs no link.
 * Either way the setback reads "contract updated" once both partners signed that version.
 */
export function linkRevision(
	doc: Y.Doc,
	setbackId: string,
	versionId: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!liveSetback(doc, setbackId) || !roots.revisions(doc).has(versionId))
		return refuse('notFound');
	const link: RevisedBy = { type: 'setbackRevised', setbackId, versionId, by, at: now };
	doc.transact(() => roots.setbacks(doc).set(`revised:${setbackId}:${versionId}`, link), LOCAL);
	return { ok: true, id: setbackId };
}
