/**
 * Reading the whole arc from the shared document once: the agreed contract over time, the
 * tracker's ledger, check-ins, felt safety, setbacks, milestones and reflections, as weekly rows
 * and markers on one time axis. Composes the other domains' own measures; computes nothing they
 * already compute.
 */
import type * as Y from 'yjs';
import type { Day, Instant, PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import {
	checkinSchedule,
	checkinTimes,
	feltSafetyTrend,
	listCheckins,
	weekOfCheckin
} from '../checkins';
import { listSetbacks } from '../setbacks';
import {
	followThrough,
	milestones,
	punctuality,
	readLedger,
	scoreOf,
	GRACE_MINUTES,
	type Agreement,
	type CheckinTime,
	type Commitment,
	type Ledger,
	type Tally
} from '../tracker';
import { dayNumber, dayOfNumber, toDay, weekStart } from '../core/calendar';
import { tracksData } from '../tracker/analysis';
import { agreementOf as trackerAgreement } from '../tracker/agreement';
import { isOwner, ownersOf, periodAt } from '../tracker/plan';
import { lastDayOf, listReflections, type Reflection } from './reflections';
import { trackId, weeksBetween, type CheckinCount, type Measure, type WeekRow } from './series';

/** What a marker on the time axis stands for. */
export type MarkerKind = 'version' | 'setback' | 'milestone' | 'reflection';

/** Something that happened on a day, shown on the time axis. */
export interface ArcMarker {
	kind: MarkerKind;
	id: string;
	day: Day;
	/** A few words: "Version 3", a setback's first words, a milestone's text. */
	label: string;
	/** Where it opens, when it has a page of its own. */
	href?: string;
}

/** A clause ever agreed, in its most recently agreed words, with whose tracks it had. */
export interface ArcClause {
	id: string;
	commitment: string;
	kind: Commitment['kind'];
	owners: PartnerId[];
}

/** The whole arc, read once per document change. */
export interface Arc {
	now: Instant;
	today: Day;
	partners: PartnerId[];
	/** The first week on the timeline; undefined while nothing has happened yet. */
	start?: Day;
	/** The first day anything was recorded in the tracker. */
	firstEntry?: Day;
	rows: WeekRow[];
	markers: ArcMarker[];
	clauses: ArcClause[];
	agreement: Agreement;
	ledger: Ledger;
	checkinTimes: CheckinTime[];
	reflections: Reflection[];
}

/** The agreed contract as the tracker counts it, with a timeline marker for each agreed version. */
export function agreementOf(
	doc: Y.Doc,
	partners: readonly PartnerId[]
): { agreement: Agreement; versions: ArcMarker[] } {
	const { agreed, ...agreement } = trackerAgreement(doc, partners);
	const versions = agreed.map((info, i): ArcMarker => ({
		kind: 'version',
		id: info.version.id,
		day: agreement.periods[i].from,
		label: `Version ${info.label}`,
		href: `/contract/versions/${encodeURIComponent(info.version.id)}`
	}));
	return { agreement, versions };
}

function measureOf(t: Tally): Measure {
	return { expected: t.expected, credit: t.credit, kept: t.kept, backup: t.backup };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

const firstWords = (text: string, max = 60) =>
	text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** Reads the arc as of `now` (this device's clock and calendar). */
export function readArc(doc: Y.Doc, now: Instant = Date.now()): Arc {
	const today = toDay(now);
	const todayN = dayNumber(today);
	const partners = activePartners(doc).map((p) => p.id);
	const { agreement, versions } = agreementOf(doc, partners);
	const ledger = readLedger(doc, agreement, today);
	const plan = ledger.plan;

	const grace = checkinSchedule(doc)?.graceMinutes ?? GRACE_MINUTES;
	const times = checkinTimes(doc, now);
	const timesByWeek = new Map<Day, CheckinTime[]>();
	for (const t of times) push(timesByWeek, weekStart(toDay(t.plannedAt)), t);

	const checkinIds = listCheckins(doc, now).map((c) => c.id);
	const safetyByWeek = new Map<Day, Map<PartnerId, number[]>>();
	for (const p of partners)
		for (const { checkinId, feltSafety } of feltSafetyTrend(doc, checkinIds, p)) {
			const week = weekOfCheckin(checkinId);
			let byPartner = safetyByWeek.get(week);
			if (!byPartner) safetyByWeek.set(week, (byPartner = new Map()));
			push(byPartner, p, feltSafety);
		}

	const setbacks = listSetbacks(doc, partners);
	const setbacksByWeek = new Map<Day, number>();
	for (const s of setbacks) {
		const w = weekStart(s.day);
		setbacksByWeek.set(w, (setbacksByWeek.get(w) ?? 0) + 1);
	}

	const reflections = listReflections(doc);
	let firstEntry: Day | undefined;
	for (const day of ledger.slotsByDay.keys()) if (!firstEntry || day < firstEntry) firstEntry = day;

	const starts = [
		agreement.periods[0]?.from,
		firstEntry,
		times[0] && toDay(times[0].plannedAt),
		setbacks[setbacks.length - 1]?.day
	].filter((d): d is Day => !!d && d <= today);
	const start = starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : undefined;

	const tracks = tracksData(ledger);
	const rows: WeekRow[] = [];
	for (const week of start ? weeksBetween(start, today) : []) {
		const endN = Math.min(dayNumber(week) + 6, todayN);
		const end = dayOfNumber(endN);
		const pi = periodAt(plan, endN);
		const trackScores = new Map<string, number>();
		let sum = 0;
		for (const td of tracks) {
			const c = pi < 0 ? undefined : plan.periods[pi].byId.get(td.track.clauseId);
			if (!c || !isOwner(plan, c, td.track.partnerId) || td.startN > endN) continue;
			const s = scoreOf(ledger, td.track, end);
			trackScores.set(trackId(td.track.clauseId, td.track.partnerId), s);
			sum += s;
		}
		const ft = followThrough(ledger, week);
		const byClause = new Map<string, Measure>();
		for (const [clauseId, t] of ft.byClause) byClause.set(clauseId, measureOf(t));
		const p = punctuality(timesByWeek.get(week) ?? [], grace, now);
		const checkins: CheckinCount = {
			considered: p.considered,
			held: p.considered - p.notHeld,
			onTime: p.onTime
		};
		rows.push({
			week,
			score: trackScores.size ? sum / trackScores.size : null,
			trackScores,
			followThrough: measureOf(ft.overall),
			byClause,
			feltSafety: safetyByWeek.get(week) ?? new Map(),
			checkins,
			setbacks: setbacksByWeek.get(week) ?? 0
		});
	}

	const markers: ArcMarker[] = [
		...versions,
		...setbacks.map((s): ArcMarker => ({
			kind: 'setback',
			id: s.id,
			day: s.day,
			label: firstWords(s.whatHappened),
			href: `/setbacks/${encodeURIComponent(s.id)}`
		})),
		...milestones(ledger, times).map((m): ArcMarker => ({
			kind: 'milestone',
			id: m.id,
			day: m.day,
			label: m.text
		})),
		...reflections.map((r): ArcMarker => ({
			kind: 'reflection',
			id: r.id,
			day: lastDayOf(r.month) < today ? lastDayOf(r.month) : today,
			label: firstWords(r.text),
			href: `/arc/look-back#reflection-${r.id}`
		}))
	].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

	const latest = new Map<string, Commitment>();
	for (const period of plan.periods) for (const c of period.commitments) latest.set(c.id, c);
	const clauses = [...latest.values()].map((c) => ({
		id: c.id,
		commitment: c.commitment,
		kind: c.kind,
		owners: ownersOf(plan, c)
	}));

	return {
		now,
		today,
		partners,
		start,
		firstEntry,
		rows,
		markers,
		clauses,
		agreement,
		ledger,
		checkinTimes: times,
		reflections
	};
}
