/**
 * Insights: the only road from a private journal to the shared space. Sharing copies exactly the
 * words the author chose into `roots.insights` of the shared document — never the entry, its id,
 * its date, mood or tags. Withdrawing blanks the words in the shared document, so no later sync
 * carries them, and each device compacts its saved copy when the withdrawal reaches it (a
 * partner who already received them may still have read them).
 *
 * On-disk (shared document, `insights` root), by id: `{ id, by, text, sharedAt }`, plus
 * `withdrawnAt` once withdrawn (then `text` is '').
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { noteShare } from './journal';

/** One shared insight, as both partners' devices hold it. */
export interface Insight {
	id: string;
	by: PartnerId;
	text: string;
	sharedAt: Instant;
	withdrawnAt?: Instant;
}

/** Longest insight, in characters: a passage or a short summary, not a whole entry. */
export const INSIGHT_MAX = 1000;

/** The words as they will be shared: trimmed ends, tidy line breaks, at most INSIGHT_MAX. */
export function cleanInsightText(raw: string): string {
	const tidy = raw
		.replace(/\r\n?/g, '\n')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	return Array.from(tidy).slice(0, INSIGHT_MAX).join('').trim();
}

/** Shares the chosen words as an insight from `by`; returns its id, or null if there are none. */
export function shareInsight(
	shared: Y.Doc,
	by: PartnerId,
	words: string,
	now: Instant
): string | null {
	const text = cleanInsightText(words);
	if (!text) return null;
	const id = newId();
	shared.transact(() => {
		roots.insights(shared).set(id, { id, by, text, sharedAt: now } satisfies Insight);
	}, LOCAL);
	return id;
}

/**
 * Shares words from a journal entry: the insight goes to the shared document, and the link back
 * to the entry is kept only in the private one.
 */
export function shareFromEntry(
	shared: Y.Doc,
	privateDoc: Y.Doc,
	share: { by: PartnerId; entryId: string; words: string; now: Instant }
): string | null {
	const id = shareInsight(shared, share.by, share.words, share.now);
	if (id) noteShare(privateDoc, { insightId: id, entryId: share.entryId, sharedAt: share.now });
	return id;
}

/** Withdraws one's own insight: it disappears and its words are blanked in the shared document. */
export function withdrawInsight(shared: Y.Doc, id: string, by: PartnerId, now: Instant): boolean {
	const insight = readInsight(shared, id);
	if (!insight || insight.by !== by || insight.withdrawnAt) return false;
	shared.transact(() => {
		roots
			.insights(shared)
			.set(id, { id, by, text: '', sharedAt: insight.sharedAt, withdrawnAt: now });
	}, LOCAL);
	return true;
}

/**
 * Calls `then` when a withdrawal arrives from elsewhere for an insight whose words this device
 * held, so it can take them off its disk too. Returns a function that stops listening.
 */
export function onWithdrawalArrived(shared: Y.Doc, then: () => void): () => void {
	const insights = roots.insights(shared);
	const observer = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
		if (transaction.local) return;
		for (const [id, change] of event.changes.keys) {
			const before = change.oldValue as Partial<Insight> | undefined;
			const now = insights.get(id) as Partial<Insight> | undefined;
			if (before?.text && now?.withdrawnAt) return then();
		}
	};
	insights.observe(observer);
	return () => insights.unobserve(observer);
}

/** One insight, if the shared document holds a readable one with this id. */
export function readInsight(shared: Y.Doc, id: string): Insight | undefined {
	const value = roots.insights(shared).get(id);
	return isInsight(value) ? value : undefined;
}

/** Every insight, newest first, withdrawn ones included (they carry no words). */
export function listInsights(shared: Y.Doc): Insight[] {
	return [...roots.insights(shared).values()]
		.filter(isInsight)
		.sort((a, b) => b.sharedAt - a.sharedAt || (a.id < b.id ? -1 : 1));
}

/** How many of the partner's latest insights a device says it holds (see `heldFrom`). */
export const HELD_MAX = 20;

/**
 * The ids of the latest insights from anyone but `me` that this document holds: a device tells
 * the partner's devices this, so the author can say truthfully that an insight arrived.
 */
export function heldFrom(shared: Y.Doc, me: PartnerId): string[] {
	return listInsights(shared)
		.filter((i) => i.by !== me)
		.slice(0, HELD_MAX)
		.map((i) => i.id);
}

/** Insights still shared (not withdrawn), newest first. */
export function sharedInsights(shared: Y.Doc): Insight[] {
	return listInsights(shared).filter((i) => !i.withdrawnAt && i.text);
}

function isInsight(value: unknown): value is Insight {
	if (!value || typeof value !== 'object') return false;
	const v = value as Partial<Insight>;
	return (
		typeof v.id === 'string' &&
		typeof v.by === 'string' &&
		typeof v.text === 'string' &&
		typeof v.sharedAt === 'number'
	);
}
