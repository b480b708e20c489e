/**
 * The long arc in weekly rows, and the same rows folded into months and years.
 *
 * A week (Monday to Sunday) is the unit: every measure is computed once per week, and a month or
 * a year is a fold of the weeks that begin in it, so zooming never recomputes anything and a
 * change to one week only changes the buckets that hold it. Levels (the reliability score) take
 * the value at the end of a bucket; counts and shares add up; each partner's felt safety stays
 * their own list of answers, averaged over time for that person only, never with the other's.
 */
import type { Day, PartnerId } from '../schema';
import { addDays, dayNumber, weekStart } from '../core/calendar';

/** Follow-through counts that add up across weeks: rate = credit ÷ expected. */
export interface Measure {
	expected: number;
	/** Kept plus half of each backup version, as the tracker counts it. */
	credit: number;
	kept: number;
	backup: number;
}

/** Check-ins whose time came, how many were held, and how many started on time. */
export interface CheckinCount {
	considered: number;
	held: number;
	onTime: number;
}

/** One week of the arc. */
export interface WeekRow {
	/** The week's Monday. */
	week: Day;
	/** Mean reliability score of the tracks in force at the week's end (today, for this week). */
	score: number | null;
	/** Each track's score at the week's end, by track key (`clause:partner`), if in force then. */
	trackScores: Map<string, number>;
	followThrough: Measure;
	byClause: Map<string, Measure>;
	/** Each partner's felt safety that week (0–10): one list per person, never mixed. */
	feltSafety: Map<PartnerId, number[]>;
	checkins: CheckinCount;
	setbacks: number;
}

/** How far the timeline is zoomed out. */
export type Zoom = 'weeks' | 'months' | 'years';

/** One partner's felt safety over a bucket: the mean of their own answers, and how many. */
export interface FeltSafety {
	mean: number;
	n: number;
}

/** A week, a month or a year of the arc. */
export interface Bucket {
	/** Its first day: a Monday, the 1st of a month, or 1 January. */
	key: Day;
	/** Its first and last day (a month's weeks may end in the next month). */
	from: Day;
	to: Day;
	weeks: number;
	score: number | null;
	trackScores: Map<string, number>;
	followThrough: Measure & { rate: number | null };
	byClause: Map<string, Measure & { rate: number | null }>;
	feltSafety: Map<PartnerId, FeltSafety>;
	checkins: CheckinCount;
	setbacks: number;
}

/** The key of a track in `trackScores`. */
export function trackId(clauseId: string, partnerId: PartnerId): string {
	return `${clauseId}:${partnerId}`;
}

/** An empty measure. */
export function noMeasure(): Measure {
	return { expected: 0, credit: 0, kept: 0, backup: 0 };
}

/** Adds `m` into `into`. */
export function addMeasure(into: Measure, m: Measure): void {
	into.expected += m.expected;
	into.credit += m.credit;
	into.kept += m.kept;
	into.backup += m.backup;
}

/** credit ÷ expected, or null when nothing was expected. */
export function rateOf(m: Measure): number | null {
	return m.expected > 0 ? m.credit / m.expected : null;
}

/** The bucket a week belongs to: weeks belong to the month and the year their Monday is in. */
export function bucketKey(week: Day, zoom: Zoom): Day {
	if (zoom === 'weeks') return week;
	return zoom === 'months' ? `${week.slice(0, 7)}-01` : `${week.slice(0, 4)}-01-01`;
}

/** Folds weekly rows (oldest first) into buckets of the zoom, oldest first. */
export function fold(rows: readonly WeekRow[], zoom: Zoom): Bucket[] {
	return foldBy(rows, (week) => bucketKey(week, zoom));
}

/** All the rows as one bucket (for a stretch of weeks), or undefined when there are none. */
export function total(rows: readonly WeekRow[]): Bucket | undefined {
	const first = rows[0]?.week;
	return first ? foldBy(rows, () => first)[0] : undefined;
}

function foldBy(rows: readonly WeekRow[], keyOf: (week: Day) => Day): Bucket[] {
	const out: Bucket[] = [];
	let current: Bucket | undefined;
	let answers = new Map<PartnerId, number[]>();
	const close = () => {
		if (!current) return;
		for (const [p, list] of answers)
			if (list.length)
				current.feltSafety.set(p, {
					mean: list.reduce((s, v) => s + v, 0) / list.length,
					n: list.length
				});
		current.followThrough.rate = rateOf(current.followThrough);
		for (const m of current.byClause.values()) m.rate = rateOf(m);
		out.push(current);
	};
	for (const row of rows) {
		const key = keyOf(row.week);
		if (current?.key !== key) {
			close();
			answers = new Map();
			current = {
				key,
				from: row.week,
				to: addDays(row.week, 6),
				weeks: 0,
				score: null,
				trackScores: new Map(),
				followThrough: { ...noMeasure(), rate: null },
				byClause: new Map(),
				feltSafety: new Map(),
				checkins: { considered: 0, held: 0, onTime: 0 },
				setbacks: 0
			};
		}
		current.weeks++;
		current.to = addDays(row.week, 6);
		// A level: the bucket shows where the score stood at its end.
		current.score = row.score;
		current.trackScores = row.trackScores;
		addMeasure(current.followThrough, row.followThrough);
		for (const [clauseId, m] of row.byClause) {
			let c = current.byClause.get(clauseId);
			if (!c) current.byClause.set(clauseId, (c = { ...noMeasure(), rate: null }));
			addMeasure(c, m);
		}
		for (const [p, list] of row.feltSafety) {
			const mine = answers.get(p);
			if (mine) mine.push(...list);
			else answers.set(p, [...list]);
		}
		current.checkins.considered += row.checkins.considered;
		current.checkins.held += row.checkins.held;
		current.checkins.onTime += row.checkins.onTime;
		current.setbacks += row.setbacks;
	}
	close();
	return out;
}

/** The Mondays from the week holding `from` to the week holding `to`, oldest first. */
export function weeksBetween(from: Day, to: Day): Day[] {
	const out: Day[] = [];
	const end = dayNumber(weekStart(to));
	for (let w = weekStart(from); dayNumber(w) <= end; w = addDays(w, 7)) out.push(w);
	return out;
}
