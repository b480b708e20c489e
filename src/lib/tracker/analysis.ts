/**
 * What each day meant for each track, derived once per ledger and shared by the score, the
 * metrics and the milestones.
 *
 * Daily cadences (daily, always, every boundary) are judged day by day. Weekly quotas (weekly,
 * timesPerWeek) are judged per Monday-to-Sunday week: the entries of any day of the week count,
 * and a week is only judged once its quota is met or the week is over, so nobody is marked down
 * on a Tuesday for a "3 times a week" commitment.
 */
import { weekStartNumber } from '../core/calendar';
import { dayAt, isLapse, trackKey, type Ledger, type Slot } from './ledger';
import type { Commitment, Outcome, Track } from './model';
import { allTracks, cadenceOf, walkTrack } from './plan';

/** Loop Habit Tracker's per-day multiplier for `f` repetitions per day. */
export function multiplier(f: number): number {
	return Math.pow(0.5, Math.sqrt(f) / 13);
}

/** Credit of an outcome: kept 1, the backup version half (partial credit), else 0. */
export function creditOf(outcome: Outcome | undefined): number {
	return outcome === 'kept' ? 1 : outcome === 'backup' ? 0.5 : 0;
}

/**
 * One day of a daily-cadence track. `v`: the value Loop's formula takes (1, 0.5 or 0); null
 * when the day is excused (the score stays as it was); undefined when it is today and nothing
 * is recorded yet (not a miss until the day is over).
 */
export interface DayMark {
	n: number;
	day: string;
	c: Commitment;
	slot?: Slot;
	/** A lapse (setback or 'notToday') of a boundary. */
	lapse: boolean;
	v: number | null | undefined;
}

/** One Monday-to-Sunday week of a weekly-quota track. */
export interface QuotaWeek {
	weekN: number;
	/** The commitment in force on the week's last quota day. */
	c: Commitment;
	/** Times expected: Σ times/7 over the days it was in force, rounded (a full week: `times`). */
	expected: number;
	kept: number;
	backup: number;
	/** Excused occurrences: each lowers what the week expects by one. */
	excused: number;
	/** Π of the daily multipliers over its days (the week decays like that many daily steps). */
	decay: number;
	lastN: number;
	/** True when its last quota day is before today. */
	ended: boolean;
	/** The day the quota was met, if it was. */
	metN?: number;
	/** The day the week counts in the score (met, or its end once over). */
	applyN?: number;
	/** The value it counts with: min(1, credit ÷ (expected − excused)); null when nothing was due. */
	v: number | null;
	/** Its quota days up to today, with what was recorded. */
	days: { n: number; outcome?: Outcome }[];
}

/** A track's derived days and weeks. */
export interface TrackData {
	track: Track;
	/** The commitment as most recently agreed (its words for sentences). */
	latest: Commitment;
	startN: number;
	/** Daily-cadence days from its start to today, in order. */
	marks: DayMark[];
	/** Quota weeks, in order. */
	weeks: QuotaWeek[];
	marksByWeek: Map<number, DayMark[]>;
	weekByN: Map<number, QuotaWeek>;
}

interface WeekAcc {
	weekN: number;
	c: Commitment;
	raw: number;
	decay: number;
	lastN: number;
	days: { n: number; credit: number; excused: number; outcome?: Outcome }[];
}

function dailyMark(
	ledger: Ledger,
	track: Track,
	slots: Map<string, Slot> | undefined,
	n: number,
	c: Commitment
): DayMark {
	const day = dayAt(ledger, n);
	const slot = slots?.get(day);
	const outcome = slot?.outcome;
	if (c.kind === 'boundary') {
		// A boundary is honoured each day unless a lapse is logged.
		const lapse = outcome === 'notToday' || isLapse(ledger, track, day);
		const v = lapse ? 0 : outcome === 'excused' ? null : outcome === 'backup' ? 0.5 : 1;
		return { n, day, c, slot, lapse, v };
	}
	const v =
		outcome === 'excused' ? null : outcome ? creditOf(outcome) : n < ledger.todayN ? 0 : undefined;
	return { n, day, c, slot, lapse: false, v };
}

function finishWeek(acc: WeekAcc, todayN: number): QuotaWeek {
	const expected = Math.round(acc.raw);
	let kept = 0;
	let backup = 0;
	let excused = 0;
	let credit = 0;
	let metN: number | undefined;
	for (const d of acc.days) {
		if (d.outcome === 'kept') kept++;
		if (d.outcome === 'backup') backup++;
		excused += d.excused;
		credit += d.credit;
		const due = expected - excused;
		if (metN === undefined && due > 0 && credit >= due) metN = d.n;
	}
	const due = expected - excused;
	const ended = acc.lastN < todayN;
	return {
		weekN: acc.weekN,
		c: acc.c,
		expected,
		kept,
		backup,
		excused,
		decay: acc.decay,
		lastN: acc.lastN,
		ended,
		metN,
		applyN: metN ?? (ended ? acc.lastN : undefined),
		v: due > 0 ? Math.min(1, credit / due) : null,
		days: acc.days.map((d) => ({ n: d.n, outcome: d.outcome }))
	};
}

function analyse(ledger: Ledger, track: Track, startN: number, latest: Commitment): TrackData {
	const marks: DayMark[] = [];
	const weeks: QuotaWeek[] = [];
	const slots = ledger.slotsByTrack.get(trackKey(track));
	let acc: WeekAcc | undefined;
	// Quota weeks look ahead to the end of this week: what it expects includes days still to come.
	const endN = weekStartNumber(ledger.todayN) + 6;
	walkTrack(ledger.plan, track, startN, endN, (n, c) => {
		if (!c) return;
		const { quota, f } = cadenceOf(c);
		if (quota === 0) {
			if (n <= ledger.todayN) marks.push(dailyMark(ledger, track, slots, n, c));
			return;
		}
		const weekN = weekStartNumber(n);
		if (acc?.weekN !== weekN) {
			if (acc) weeks.push(finishWeek(acc, ledger.todayN));
			acc = { weekN, c, raw: 0, decay: 1, lastN: n, days: [] };
		}
		acc.c = c;
		acc.raw += quota / 7;
		acc.decay *= multiplier(f);
		acc.lastN = n;
		if (n > ledger.todayN) return;
		const outcome = slots?.get(dayAt(ledger, n))?.outcome;
		acc.days.push({
			n,
			outcome,
			credit: creditOf(outcome),
			excused: outcome === 'excused' ? 1 : 0
		});
	});
	if (acc) weeks.push(finishWeek(acc, ledger.todayN));

	const marksByWeek = new Map<number, DayMark[]>();
	for (const m of marks) {
		const w = weekStartNumber(m.n);
		const list = marksByWeek.get(w);
		if (list) list.push(m);
		else marksByWeek.set(w, [m]);
	}
	return {
		track,
		latest,
		startN,
		marks,
		weeks,
		marksByWeek,
		weekByN: new Map(weeks.map((w) => [w.weekN, w]))
	};
}

/** Every track the agreements ever held that had started by today, analysed once per ledger. */
export function tracksData(ledger: Ledger): TrackData[] {
	const cached = ledger.memo.get('tracks') as TrackData[] | undefined;
	if (cached) return cached;
	const out = allTracks(ledger.plan)
		.filter((t) => t.start <= ledger.todayN)
		.map((t) => analyse(ledger, t.track, t.start, t.latest));
	ledger.memo.set('tracks', out);
	return out;
}

/** One track's analysis, or undefined when it never was in force. */
export function trackData(ledger: Ledger, track: Track): TrackData | undefined {
	return tracksData(ledger).find(
		(t) => t.track.clauseId === track.clauseId && t.track.partnerId === track.partnerId
	);
}

/** True when the track's commitment is a boundary (as most recently agreed). */
export function isBoundary(td: TrackData): boolean {
	return td.latest.kind === 'boundary';
}
