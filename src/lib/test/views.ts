/**
 * What each screen shows, computed through the app's own read functions. Identical documents
 * must show identical screens on every device — but a Y.Map iterates in the order its entries
 * arrived, which differs between replicas, so any list sorted without a total order (a tie left
 * to iteration order) shows differently on two devices. Test-only.
 */
import type * as Y from 'yjs';
import {
	actionItems,
	appreciationsOf,
	checkinIdOf,
	checkinPunctuality,
	checkinSchedule,
	currentCheckin,
	draftOf,
	listCheckins,
	victoriesOf,
	weekInNumbers
} from '../checkins';
import { listClauses } from '../contract/contract';
import { listVersions } from '../contract/versions';
import { listInsights } from '../journal/insights';
import { listEntries, sharesFrom } from '../journal/journal';
import { activePartners } from '../partners/partners';
import { lapsesFromSetbacks, listSetbacks } from '../setbacks';
import {
	boundariesHonoured,
	calendar,
	entriesFor,
	entriesOn,
	followThrough,
	readLedger,
	talkItems,
	wall,
	weeklyTrend,
	type AgreedPeriod
} from '../tracker';
import { addDays, toDay } from '../core/calendar';
import { PARTNERS } from './world';

/** Everything the shared space's screens show at `now`, as one plain value. */
export function sharedViews(doc: Y.Doc, now: number): Record<string, unknown> {
	const versions = listVersions(doc, PARTNERS);
	// The tracker's periods: every version both signed, from the day of its last signature.
	const periods: AgreedPeriod[] = versions
		.filter((v) => v.intact && v.signatures.length === PARTNERS.length)
		.map((v) => ({
			from: toDay(Math.max(...v.signatures.map((s) => s.signedAt))),
			commitments: v.version.content.clauses
		}));
	const today = toDay(now);
	const ledger = readLedger(
		doc,
		{ periods, partners: PARTNERS, lapses: lapsesFromSetbacks(doc) },
		today
	);
	const clauses = listClauses(doc, { archived: true });
	const checkinId = checkinIdOf(today);
	return {
		partners: activePartners(doc),
		clauses,
		versions,
		days: Array.from({ length: 14 }, (_, i) => entriesOn(ledger, addDays(today, -i))),
		history: clauses.map((c) => entriesFor(ledger, c.id)),
		followThrough: followThrough(ledger),
		trend: weeklyTrend(ledger, 6),
		boundaries: boundariesHonoured(ledger, 28),
		calendar: calendar(ledger, addDays(today, -28)),
		wall: wall(doc),
		talk: talkItems(doc),
		schedule: checkinSchedule(doc),
		checkins: listCheckins(doc, now),
		current: currentCheckin(doc, now),
		actions: actionItems(doc, now),
		victories: victoriesOf(doc, checkinId),
		appreciations: appreciationsOf(doc, checkinId),
		punctuality: checkinPunctuality(doc, now),
		weekInNumbers: weekInNumbers(doc, ledger, checkinId, PARTNERS, now),
		setbacks: listSetbacks(doc, PARTNERS),
		insights: listInsights(doc)
	};
}

/** Everything a private journal's screens show. */
export function privateViews(doc: Y.Doc, now: number): Record<string, unknown> {
	const today = toDay(now);
	const kept = listEntries(doc, 'kept');
	return {
		kept,
		shares: kept.map((e) => sharesFrom(doc, e.id)),
		deleted: listEntries(doc, 'deleted'),
		drafts: [0, -7, -14].map((d) => draftOf(doc, checkinIdOf(addDays(today, d))))
	};
}
