/**
 * Follow-through, boundaries honoured and backups used. Follow-through = credit ÷ expected,
 * where kept earns 1 and the backup version 0.5 (partial: it kept the commitment in its smaller
 * form), excused days are not expected at all, and today counts only once something is recorded.
 * A weekly quota expects its `times` (prorated by the days it was in force that week) and is
 * only missed once its week is over; extra repetitions never push a week past 100%.
 */
import type { Day } from '../schema';
import { dayNumber, dayOfNumber, weekStartNumber } from '../core/calendar';
import { creditOf, isBoundary, tracksData, type TrackData } from './analysis';
import { entriesOn, isHardDayIn, type Ledger, type Slot } from './ledger';
import type { Commitment, Track } from './model';
import { counted } from './words';

/** Counts behind a follow-through rate. */
export interface Tally {
	expected: number;
	kept: number;
	backup: number;
	excused: number;
	missed: number;
	/** kept + ½·backup, capped at what a quota expected. */
	credit: number;
	/** credit ÷ expected, or null when nothing was expected yet. */
	rate: number | null;
}

function empty(): Tally {
	return { expected: 0, kept: 0, backup: 0, excused: 0, missed: 0, credit: 0, rate: null };
}

function add(into: Tally, t: Tally): void {
	into.expected += t.expected;
	into.kept += t.kept;
	into.backup += t.backup;
	into.excused += t.excused;
	into.missed += t.missed;
	into.credit += t.credit;
	into.rate = into.expected > 0 ? into.credit / into.expected : null;
}

function weekTally(td: TrackData, weekN: number): Tally {
	const t = empty();
	for (const m of td.marksByWeek.get(weekN) ?? []) {
		const o = m.slot?.outcome;
		if (o === 'kept') t.kept++;
		else if (o === 'backup') t.backup++;
		else if (o === 'excused') t.excused++;
		else if (m.v === 0) t.missed++;
	}
	t.expected = t.kept + t.backup + t.missed;
	t.credit = t.kept + t.backup / 2;
	const w = td.weekByN.get(weekN);
	if (w) {
		const due = Math.max(0, w.expected - w.excused);
		const done = w.kept + w.backup;
		const judged = w.ended || w.metN !== undefined;
		const expected = judged ? due : Math.min(done, due);
		t.expected += expected;
		t.kept += w.kept;
		t.backup += w.backup;
		t.excused += w.excused;
		t.missed += judged ? Math.max(0, due - done) : 0;
		t.credit += Math.min(w.kept + w.backup / 2, expected);
	}
	t.rate = t.expected > 0 ? t.credit / t.expected : null;
	return t;
}

/** A week's follow-through for the behaviours: overall, per clause and per partner's track. */
export interface WeekFollowThrough {
	/** The Monday of the week. */
	week: Day;
	overall: Tally;
	byClause: Map<string, Tally>;
	byTrack: { track: Track; commitment: Commitment; tally: Tally }[];
}

/** Follow-through for the week holding `day` (default: this week, so far). */
export function followThrough(ledger: Ledger, day: Day = ledger.today): WeekFollowThrough {
	const weekN = weekStartNumber(dayNumber(day));
	const overall = empty();
	const byClause = new Map<string, Tally>();
	const byTrack: WeekFollowThrough['byTrack'] = [];
	for (const td of tracksData(ledger)) {
		if (isBoundary(td)) continue;
		const tally = weekTally(td, weekN);
		if (!tally.expected && !tally.excused) continue;
		byTrack.push({ track: td.track, commitment: td.latest, tally });
		add(overall, tally);
		let c = byClause.get(td.track.clauseId);
		if (!c) byClause.set(td.track.clauseId, (c = empty()));
		add(c, tally);
	}
	return { week: dayOfNumber(weekN), overall, byClause, byTrack };
}

/** Follow-through for the last `weeks` weeks, oldest first (this week, so far, last). */
export function weeklyTrend(ledger: Ledger, weeks = 12): WeekFollowThrough[] {
	const thisWeek = weekStartNumber(ledger.todayN);
	const out: WeekFollowThrough[] = [];
	for (let i = weeks - 1; i >= 0; i--)
		out.push(followThrough(ledger, dayOfNumber(thisWeek - 7 * i)));
	return out;
}

/** One boundary's record over a window of days. */
export interface BoundaryReport {
	track: Track;
	commitment: Commitment;
	/** Days it was in force in the window. */
	days: number;
	honoured: number;
	excused: number;
	lapses: Day[];
	/** "kept 27 of the last 28 days". */
	sentence: string;
}

/**
 * Each boundary in force today: its record over the last `days` days, today included (honoured
 * unless a lapse). A retired boundary leaves this report; its days stay in its history.
 */
export function boundariesHonoured(ledger: Ledger, days = 28): BoundaryReport[] {
	const fromN = ledger.todayN - days + 1;
	const out: BoundaryReport[] = [];
	for (const td of tracksData(ledger)) {
		if (!isBoundary(td)) continue;
		const marks = td.marks.filter((m) => m.n >= fromN && m.c.kind === 'boundary');
		if (marks[marks.length - 1]?.n !== ledger.todayN) continue;
		const honoured = marks.filter((m) => typeof m.v === 'number' && m.v > 0).length;
		const excused = marks.filter((m) => m.v === null).length;
		const lapses = marks.filter((m) => m.v === 0).map((m) => m.day);
		const since = td.startN > fromN;
		const span = marks.length === 1 ? 'day' : 'days';
		let sentence = since
			? `kept ${honoured} of ${marks.length} ${span} since it began`
			: `kept ${honoured} of the last ${marks.length} ${span}`;
		if (excused) sentence += `; ${counted(excused, 'day')} excused`;
		out.push({
			track: td.track,
			commitment: td.latest,
			days: marks.length,
			honoured,
			excused,
			lapses,
			sentence
		});
	}
	return out;
}

/** A backup version used, for the review. */
export interface BackupUse {
	slot: Slot;
	hardDay: boolean;
}

/** Every backup version used between two days (inclusive), oldest first (as `entriesOn`). */
export function backupReview(ledger: Ledger, from: Day, to: Day = ledger.today): BackupUse[] {
	const out: BackupUse[] = [];
	for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) {
		const day = dayOfNumber(n);
		for (const slot of entriesOn(ledger, day))
			if (slot.outcome === 'backup')
				out.push({ slot, hardDay: isHardDayIn(ledger, slot.partnerId, day) });
	}
	return out;
}

/** One day of the calendar heat map. */
export interface CalendarDay {
	day: Day;
	expected: number;
	credit: number;
	rate: number | null;
}

/**
 * Behaviours per day for a heat map. Quota occurrences count on the day they happened and are
 * never a miss on a single day (their misses belong to the week).
 */
export function calendar(ledger: Ledger, from: Day, to: Day = ledger.today): CalendarDay[] {
	const fromN = dayNumber(from);
	const toN = Math.min(dayNumber(to), ledger.todayN);
	const expected = new Float64Array(Math.max(0, toN - fromN + 1));
	const credit = new Float64Array(expected.length);
	for (const td of tracksData(ledger)) {
		if (isBoundary(td)) continue;
		for (const m of td.marks)
			if (m.n >= fromN && m.n <= toN && typeof m.v === 'number') {
				expected[m.n - fromN] += 1;
				credit[m.n - fromN] += m.v;
			}
		for (const w of td.weeks) {
			if (w.weekN + 6 < fromN || w.weekN > toN) continue;
			for (const d of w.days)
				if (d.n >= fromN && d.n <= toN && (d.outcome === 'kept' || d.outcome === 'backup')) {
					expected[d.n - fromN] += 1;
					credit[d.n - fromN] += creditOf(d.outcome);
				}
		}
	}
	return Array.from(expected, (e, i) => ({
		day: dayOfNumber(fromN + i),
		expected: e,
		credit: credit[i],
		rate: e > 0 ? credit[i] / e : null
	}));
}
