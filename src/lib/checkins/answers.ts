/**
 * Each partner's answers, and a blind reveal that is blind for real: an answer never enters the
 * shared document until both partners have submitted.
 *
 * Until then answers live only in the author's private document (the one that syncs among their
 * own devices), in its `checkinAnswers` map keyed by check-in id, and in `checkinAnswerSaves`,
 * where two own devices saving at once both keep their save and the later one counts. The shared
 * document holds only `submitted:<checkinId>:<partner>` (when, never what). Once both submitted
 * records are there, each author's own device copies their answers to
 * `answers:<checkinId>:<partner>`; a partner's answers appear when one of that partner's devices
 * has seen both submissions.
 *
 * Editing after submitting stays private until the reveal. After it, an edit is copied over and
 * marked `editedAt`, so the other sees it was changed: the first copy is the reveal, any later
 * copy an edit.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { compact, isNum, isRecord, refuse, type Result } from './model';
import { LIMITS, tidy } from './text';

/** The questions every check-in asks, by their on-disk ids. */
export const PROMPTS = [
	{ id: 'wentWell', text: 'What went well this week?' },
	{ id: 'didntGoWell', text: 'What didn’t go so well?' },
	{ id: 'feltSecure', text: 'What helped you feel secure this week?' },
	{ id: 'trustEasier', text: 'What would make trust easier next week?' }
] as const;

/** The id of one of the questions every check-in asks. */
export type PromptId = (typeof PROMPTS)[number]['id'];

/** One partner's answers. */
export type Answers = Record<PromptId, string> & {
	/** How safe they felt this week, 0–10 in whole numbers; null when they chose not to say. */
	feltSafety: number | null;
	/** Answers to the couple's own prompts, by prompt id. */
	custom: Record<string, string>;
};

/** An answer draft in the author's private document. */
export interface Draft {
	checkinId: string;
	answers: Answers;
	updatedAt: Instant;
	submittedAt?: Instant;
}

/** Answers as revealed in the shared document. */
export interface RevealedAnswers {
	type: 'answers';
	checkinId: string;
	by: PartnerId;
	answers: Answers;
	revealedAt: Instant;
	/** The draft's `updatedAt` this copy was taken from. */
	draftUpdatedAt: Instant;
	/** Set when changed after the reveal: shown as edited. */
	editedAt?: Instant;
}

/** Where the reveal stands for me; 'arriving': both submitted, a partner's device has yet to share. */
export type RevealState = 'waiting-for-me' | 'waiting-for-partner' | 'arriving' | 'revealed';

/** The private document's map of drafts (on-disk name in the private document). */
export const drafts = (privateDoc: Y.Doc) => privateDoc.getMap<Draft>('checkinAnswers');

const MAX_CUSTOM = 20;

/** Answers cleaned and cut to their limits, or null when felt safety is not a whole 0–10. */
export function toAnswers(input: Partial<Answers>): Answers | null {
	const safety = input.feltSafety ?? null;
	if (safety !== null && !(Number.isInteger(safety) && safety >= 0 && safety <= 10)) return null;
	const custom: Record<string, string> = {};
	for (const [id, text] of Object.entries(input.custom ?? {}).slice(0, MAX_CUSTOM)) {
		const clean = tidy(text, LIMITS.long);
		if (clean && id.length <= 64) custom[id] = clean;
	}
	const texts = Object.fromEntries(PROMPTS.map((p) => [p.id, tidy(input[p.id], LIMITS.long)]));
	return { ...(texts as Record<PromptId, string>), feltSafety: safety, custom };
}

/**
 * Every save of a draft, by `<checkinId>:<id>`, each device's under its own key: when two own
 * devices save at once, both saves survive the merge and the later `updatedAt` counts (one key
 * would keep the save Yjs's client order favours, dropping the newer words). A save removes the
 * saves it replaces. v2; absent in private documents written before, which have `drafts` only.
 */
const saves = (privateDoc: Y.Doc) => privateDoc.getMap<Draft>('checkinAnswerSaves');

const isDraft = (d: Draft | undefined): d is Draft => !!d && isNum(d.updatedAt) && !!d.answers;

/**
 * This device's draft for a check-in (private): the latest saved words, submitted if any save of
 * them was (a device that had not yet heard of the submission may have saved the latest).
 */
export function draftOf(privateDoc: Y.Doc, checkinId: string): Draft | undefined {
	let latest: Draft | undefined;
	let submittedAt: Instant | undefined;
	const consider = (d: Draft | undefined) => {
		if (!isDraft(d)) return;
		if (!latest || d.updatedAt > latest.updatedAt) latest = d;
		if (isNum(d.submittedAt)) submittedAt = Math.min(d.submittedAt, submittedAt ?? Infinity);
	};
	consider(drafts(privateDoc).get(checkinId));
	saves(privateDoc).forEach((d, key) => key.startsWith(`${checkinId}:`) && consider(d));
	if (!latest || latest.submittedAt !== undefined || submittedAt === undefined) return latest;
	return { ...latest, submittedAt };
}

/** Writes a draft where this app and older ones read it. */
function writeDraft(privateDoc: Y.Doc, draft: Draft): void {
	privateDoc.transact(() => {
		drafts(privateDoc).set(draft.checkinId, draft);
		const map = saves(privateDoc);
		for (const key of [...map.keys()]) if (key.startsWith(`${draft.checkinId}:`)) map.delete(key);
		map.set(`${draft.checkinId}:${newId()}`, draft);
	}, LOCAL);
}

/** Saves answers in the private document only: nothing reaches the shared one. */
export function saveDraftAnswers(
	privateDoc: Y.Doc,
	checkinId: string,
	input: Partial<Answers>,
	now: Instant = Date.now()
): Result {
	const answers = toAnswers(input);
	if (!answers) return refuse('invalid');
	const prev = draftOf(privateDoc, checkinId);
	const draft: Draft = compact({
		checkinId,
		answers,
		// After the draft it replaces, so the newer words always win the copy to the shared doc.
		updatedAt: prev ? Math.max(now, prev.updatedAt + 1) : now,
		submittedAt: prev?.submittedAt
	});
	writeDraft(privateDoc, draft);
	return { ok: true, id: checkinId };
}

const submittedKey = (checkinId: string, by: PartnerId) => `submitted:${checkinId}:${by}`;
const answersKey = (checkinId: string, by: PartnerId) => `answers:${checkinId}:${by}`;

/** True when that partner submitted answers for the check-in. */
export function hasSubmitted(shared: Y.Doc, checkinId: string, partnerId: PartnerId): boolean {
	return isRecord(roots.checkins(shared).get(submittedKey(checkinId, partnerId)), 'submitted');
}

/** Submits the saved draft: the shared document learns only that (and when) it was submitted. */
export function submitAnswers(
	shared: Y.Doc,
	privateDoc: Y.Doc,
	checkinId: string,
	partnerId: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(shared)) return refuse('readOnly');
	const draft = draftOf(privateDoc, checkinId);
	if (!draft) return refuse('notFound');
	if (draft.submittedAt === undefined) writeDraft(privateDoc, { ...draft, submittedAt: now });
	if (!hasSubmitted(shared, checkinId, partnerId))
		shared.transact(
			() =>
				roots.checkins(shared).set(submittedKey(checkinId, partnerId), {
					type: 'submitted',
					checkinId,
					by: partnerId,
					at: now
				}),
			LOCAL
		);
	return { ok: true, id: checkinId };
}

function allSubmitted(shared: Y.Doc, checkinId: string, partnerIds: readonly PartnerId[]) {
	const partners = [...new Set(partnerIds)];
	return partners.length >= 2 && partners.every((p) => hasSubmitted(shared, checkinId, p));
}

/**
 * Shares my answers once both partners have submitted (and copies later edits). Idempotent: call
 * it whenever the shared document changes. Returns true when it wrote.
 */
export function revealIfReady(
	shared: Y.Doc,
	privateDoc: Y.Doc,
	checkinId: string,
	partnerId: PartnerId,
	partnerIds: readonly PartnerId[],
	now: Instant = Date.now()
): boolean {
	if (isFromNewerApp(shared) || !allSubmitted(shared, checkinId, partnerIds)) return false;
	const draft = draftOf(privateDoc, checkinId);
	// A device that has not yet received its owner's submitted draft has nothing to share.
	if (!draft || draft.submittedAt === undefined) return false;
	const current = answersOf(shared, checkinId, partnerId);
	if (current && current.draftUpdatedAt >= draft.updatedAt) return false;
	const record: RevealedAnswers = compact({
		type: 'answers',
		checkinId,
		by: partnerId,
		answers: draft.answers,
		revealedAt: current?.revealedAt ?? now,
		draftUpdatedAt: draft.updatedAt,
		// The first copy is the reveal; any later copy carries an edit, made when the draft changed.
		editedAt: current ? draft.updatedAt : undefined
	});
	shared.transact(
		() => roots.checkins(shared).set(answersKey(checkinId, partnerId), record),
		LOCAL
	);
	return true;
}

/** Saves an edit, and shares it at once when the answers were already revealed. */
export function editAnswers(
	shared: Y.Doc,
	privateDoc: Y.Doc,
	checkinId: string,
	partnerId: PartnerId,
	partnerIds: readonly PartnerId[],
	input: Partial<Answers>,
	now: Instant = Date.now()
): Result {
	const saved = saveDraftAnswers(privateDoc, checkinId, input, now);
	if (saved.ok) revealIfReady(shared, privateDoc, checkinId, partnerId, partnerIds, now);
	return saved;
}

/** A partner's revealed answers (undefined until revealed). */
export function answersOf(
	shared: Y.Doc,
	checkinId: string,
	partnerId: PartnerId
): RevealedAnswers | undefined {
	const r = roots.checkins(shared).get(answersKey(checkinId, partnerId));
	if (!isRecord<RevealedAnswers>(r, 'answers') || !r.answers || !isNum(r.draftUpdatedAt)) return;
	return r;
}

/** Where the reveal stands, seen by `me`. */
export function revealState(
	shared: Y.Doc,
	checkinId: string,
	me: PartnerId,
	partnerIds: readonly PartnerId[]
): RevealState {
	if (!hasSubmitted(shared, checkinId, me)) return 'waiting-for-me';
	if (!allSubmitted(shared, checkinId, partnerIds)) return 'waiting-for-partner';
	const everyone = [...new Set(partnerIds)];
	return everyone.every((p) => answersOf(shared, checkinId, p)) ? 'revealed' : 'arriving';
}

/** Each partner's felt safety over the check-ins, oldest first: a trend per person, never averaged. */
export function feltSafetyTrend(
	shared: Y.Doc,
	checkinIds: readonly string[],
	partnerId: PartnerId
): { checkinId: string; feltSafety: number }[] {
	const out: { checkinId: string; feltSafety: number }[] = [];
	for (const checkinId of checkinIds) {
		const v = answersOf(shared, checkinId, partnerId)?.answers.feltSafety;
		if (typeof v === 'number') out.push({ checkinId, feltSafety: v });
	}
	return out;
}
