/**
 * The week in numbers, for the check-in's agenda: what the tracker, the wall, the setbacks and
 * the contract say since the last check-in. Read-only; composes the other domains' own measures.
 */
import type * as Y from 'yjs';
import type { Instant, PartnerId } from '../schema';
import { openProposal } from '../contract/versions';
import {
	backupReview,
	followThrough,
	talkItems,
	wall,
	type Ack,
	type BackupUse,
	type Ledger,
	type Moment,
	type TalkItem,
	type WeekFollowThrough
} from '../tracker';
import { addDays, atTime, toClockTime, toDay, weekStart } from '../core/calendar';
import { setbacksSince, type SetbackView } from '../setbacks';
import { openActionItems, type ActionItemView } from './actions';
import { listCheckins, readCheckin } from './checkins';

/** The most weeks of follow-through shown when the last check-in was long ago. */
export const MAX_WEEKS = 4;

/** Everything the agenda shows before the partners answer. */
export interface WeekInNumbers {
	/** The previous check-in's end (or a week before this one was due). */
	since: Instant;
	/** Follow-through for each week since then, oldest first (this week so far last). */
	followThrough: WeekFollowThrough[];
	wins: Moment[];
	/** "I noticed" and appreciation notes on the wall. */
	appreciations: Moment[];
	/** "I noticed" marks on tracker entries. */
	acknowledgements: Ack[];
	backups: BackupUse[];
	setbacks: SetbackView[];
	/** Entries marked "let's talk", still open. */
	talkItems: TalkItem[];
	/** Action items carried into this check-in. */
	actionItems: ActionItemView[];
	/** A contract version waiting for signatures, and whose. */
	waitingForSignature?: { versionId: string; label: string; waitingFor: PartnerId[] };
}

/** When the check-in before this one ended, if there was one. */
function previousEnd(doc: Y.Doc, checkinId: string, now: Instant): Instant | undefined {
	const before = listCheckins(doc, now).filter(
		(c) => c.id < checkinId && c.startedAt !== undefined
	);
	const last = before[before.length - 1];
	if (!last) return undefined;
	const breaks = last.breaks.map((b) => b.resumedAt ?? b.at);
	return last.finishedAt ?? Math.max(last.startedAt as number, ...breaks);
}

/** The week in numbers for a check-in, from a ledger read as of today. */
export function weekInNumbers(
	doc: Y.Doc,
	ledger: Ledger,
	checkinId: string,
	partnerIds: readonly PartnerId[],
	now: Instant = Date.now()
): WeekInNumbers {
	const due = readCheckin(doc, checkinId, now)?.dueAt ?? now;
	// The same wall time a week earlier: a daylight-saving change in between moves no boundary.
	const since =
		previousEnd(doc, checkinId, now) ?? atTime(addDays(toDay(due), -7), toClockTime(due));
	const sinceDay = toDay(since);
	const weeks: WeekFollowThrough[] = [];
	const first = weekStart(sinceDay);
	for (let w = weekStart(ledger.today); w >= first && weeks.length < MAX_WEEKS; w = addDays(w, -7))
		weeks.unshift(followThrough(ledger, w));
	const moments = wall(doc)
		.map((i) => i.moment)
		.filter((m) => m.createdAt > since);
	const acknowledgements = [...ledger.acksByEntry.values()].flat().filter((a) => a.at > since);
	const proposal = openProposal(doc, partnerIds);
	return {
		since,
		followThrough: weeks,
		wins: moments.filter((m) => m.kind === 'win'),
		appreciations: moments.filter((m) => m.kind !== 'win'),
		acknowledgements: acknowledgements.sort((a, b) => a.at - b.at),
		backups: backupReview(ledger, sinceDay, ledger.today),
		setbacks: setbacksSince(doc, since, partnerIds),
		talkItems: talkItems(doc),
		actionItems: openActionItems(doc, checkinId, now),
		...(proposal
			? {
					waitingForSignature: {
						versionId: proposal.version.id,
						label: proposal.label,
						waitingFor: [...new Set(partnerIds)].filter((p) => !proposal.signedBy.includes(p))
					}
				}
			: {})
	};
}
