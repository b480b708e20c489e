/**
 * "How far we've come": the first four weeks beside the last four, and the last four beside the
 * same four weeks a year earlier once there are such weeks. Plain words, numbers always shown,
 * never more than the numbers say: a change of a few points is "about the same", a modest one
 * "a little higher". With little data it says so, and how little.
 *
 * Only complete weeks are compared (this week is still under way). Each partner's felt safety is
 * compared for that partner alone.
 */
import type { Day, PartnerId } from '../schema';
import { dayNumber } from '../core/calendar';
import { count, counted } from '../tracker/words';
import { total, type Bucket, type WeekRow } from './series';

/** Weeks in each compared stretch. */
export const WINDOW_WEEKS = 4;

/** What a comparison line is about. */
export type Metric = 'followThrough' | 'feltSafety' | 'checkins' | 'setbacks';

/** Which way a number moved, in words that never overstate it. */
export type Change =
	| 'much higher'
	| 'higher'
	| 'a little higher'
	| 'about the same'
	| 'a little lower'
	| 'lower'
	| 'much lower';

/** One line of the comparison. */
export interface Line {
	metric: Metric;
	partnerId?: PartnerId;
	/** The numbers as shown, earlier and later ('—' when there is none). */
	before: string;
	after: string;
	/** Absent when the numbers are too thin to compare, or a count (setbacks, check-ins). */
	change?: Change;
	text: string;
}

/** The whole "how far we've come". */
export interface HowFar {
	/** 'empty' before anything; 'early' before there are two stretches of four weeks to compare. */
	kind: 'empty' | 'early' | 'compared';
	headline: string;
	first?: Bucket;
	last?: Bucket;
	yearAgo?: Bucket;
	/** First four weeks → last four (or, while early, what there is so far). */
	lines: Line[];
	/** The same four weeks last year → the last four. */
	yearLines: Line[];
	/** True when a number went down: the view adds a gentle word. */
	anyLower: boolean;
}

/** Where a change of `delta` falls, with thresholds for "a little", plain and "much". */
export function changeOf(delta: number, steps: readonly [number, number, number]): Change {
	const size = Math.abs(delta);
	if (size < steps[0]) return 'about the same';
	const up = delta > 0;
	if (size < steps[1]) return up ? 'a little higher' : 'a little lower';
	if (size < steps[2]) return up ? 'higher' : 'lower';
	return up ? 'much higher' : 'much lower';
}

/** Percentage points: under 3 is the same; under 10 a little; under 20 plain; else much. */
const PERCENT_STEPS = [3, 10, 20] as const;
/** Felt safety (0–10): under half a point is the same; under 1.5 a little; under 3 plain. */
const SAFETY_STEPS = [0.5, 1.5, 3] as const;
/** Fewer expected than this in a stretch is too little to call a direction. */
const MIN_EXPECTED = 4;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const tenth = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

interface Labels {
	before: string;
	after: string;
}

function lines(
	a: Bucket,
	b: Bucket,
	partners: readonly PartnerId[],
	nameOf: (id: PartnerId) => string,
	at: Labels
): Line[] {
	const out: Line[] = [];
	const fa = a.followThrough;
	const fb = b.followThrough;
	if (fa.rate !== null && fb.rate !== null) {
		const thin = fa.expected < MIN_EXPECTED || fb.expected < MIN_EXPECTED;
		const change = thin
			? undefined
			: changeOf(Math.round(fb.rate * 100) - Math.round(fa.rate * 100), PERCENT_STEPS);
		out.push({
			metric: 'followThrough',
			before: pct(fa.rate),
			after: pct(fb.rate),
			change,
			text: `Follow-through: ${pct(fa.rate)} ${at.before}, ${pct(fb.rate)} ${at.after}${
				change ? ` — ${change}` : ' — too little was due to say more'
			}.`
		});
	}
	for (const p of partners) {
		const sa = a.feltSafety.get(p);
		const sb = b.feltSafety.get(p);
		const who = `${nameOf(p)}’s felt safety`;
		if (!sa && !sb) continue;
		if (!sa || !sb) {
			const missing = sa ? at.after : at.before;
			const has = (sa ?? sb)!;
			out.push({
				metric: 'feltSafety',
				partnerId: p,
				before: sa ? tenth(sa.mean) : '—',
				after: sb ? tenth(sb.mean) : '—',
				text: `${who}: ${tenth(has.mean)} ${sa ? at.before : at.after} (${answers(has.n)}); no number given ${missing}.`
			});
			continue;
		}
		const change = changeOf(sb.mean - sa.mean, SAFETY_STEPS);
		out.push({
			metric: 'feltSafety',
			partnerId: p,
			before: tenth(sa.mean),
			after: tenth(sb.mean),
			change,
			text: `${who}: ${tenth(sa.mean)} ${at.before} (${answers(sa.n)}), ${tenth(sb.mean)} ${at.after} (${answers(sb.n)}) — ${change}.`
		});
	}
	const ca = a.checkins;
	const cb = b.checkins;
	if (ca.considered || cb.considered) {
		const held = (c: Bucket['checkins']) => `${c.held} of ${c.considered}`;
		out.push({
			metric: 'checkins',
			before: held(ca),
			after: held(cb),
			text: `Check-ins held: ${held(ca)} ${at.before}, ${held(cb)} ${at.after}.`
		});
	}
	const more = b.setbacks > a.setbacks ? 'more' : b.setbacks < a.setbacks ? 'fewer' : 'the same';
	out.push({
		metric: 'setbacks',
		before: String(a.setbacks),
		after: String(b.setbacks),
		text:
			a.setbacks === 0 && b.setbacks === 0
				? `Setbacks written down: none ${at.before}, none ${at.after}.`
				: `Setbacks written down: ${a.setbacks} ${at.before}, ${b.setbacks} ${at.after} — ${more}.`
	});
	return out;
}

const thousands = new Intl.NumberFormat('en');

/** "one week", "212 weeks", "8,123 commitments". */
function many(n: number, singular: string): string {
	return n <= 10 ? counted(n, singular) : `${thousands.format(n)} ${singular}s`;
}

function answers(n: number): string {
	return n === 1 ? 'one answer' : `average of ${count(n)} answers`;
}

/** "two weeks", "five days": how long there has been something to look at. */
export function spanWords(days: number): string {
	if (days < 7) return counted(Math.max(1, days), 'day');
	return counted(Math.floor(days / 7), 'week');
}

/**
 * Compares the first four complete weeks with the last four, and the last four with the same
 * weeks a year before, from the arc's weekly rows (oldest first). `firstEntry` is the first day
 * anything was recorded (for "two weeks of entries so far").
 */
export function howFar(
	rows: readonly WeekRow[],
	today: Day,
	partners: readonly PartnerId[],
	options: {
		nameOf: (id: PartnerId) => string;
		/** How a day reads in the headline (default: as stored). */
		dayWords?: (day: Day) => string;
		firstEntry?: Day;
	}
): HowFar {
	const { nameOf, firstEntry, dayWords = (d: Day) => d } = options;
	const base = { lines: [], yearLines: [], anyLower: false };
	const all = total(rows);
	if (!all) return { ...base, kind: 'empty', headline: 'Nothing to look back on yet.' };
	const todayN = dayNumber(today);
	const complete = rows.filter((r) => dayNumber(r.week) + 6 < todayN);
	if (complete.length < 2 * WINDOW_WEEKS) {
		const since = firstEntry ?? rows[0].week;
		const days = todayN - dayNumber(since) + 1;
		const what = firstEntry ? 'of entries' : 'since your timeline began';
		const soFar: Line[] = [];
		if (all.followThrough.rate !== null)
			soFar.push({
				metric: 'followThrough',
				before: '—',
				after: pct(all.followThrough.rate),
				text: `Follow-through so far: ${pct(all.followThrough.rate)}.`
			});
		for (const p of partners) {
			const s = all.feltSafety.get(p);
			if (s)
				soFar.push({
					metric: 'feltSafety',
					partnerId: p,
					before: '—',
					after: tenth(s.mean),
					text: `${nameOf(p)}’s felt safety so far: ${tenth(s.mean)} (${answers(s.n)}).`
				});
		}
		if (all.checkins.considered)
			soFar.push({
				metric: 'checkins',
				before: '—',
				after: `${all.checkins.held} of ${all.checkins.considered}`,
				text: `Check-ins held so far: ${all.checkins.held} of ${all.checkins.considered}.`
			});
		return {
			...base,
			kind: 'early',
			headline: `It’s early — ${spanWords(days)} ${what} so far. The comparison begins once there are ${count(2 * WINDOW_WEEKS)} full weeks: your first four beside the latest four.`,
			lines: soFar
		};
	}
	const firstRows = complete.slice(0, WINDOW_WEEKS);
	const lastRows = complete.slice(-WINDOW_WEEKS);
	const first = total(firstRows)!;
	const last = total(lastRows)!;
	const lastIndex = rows.indexOf(lastRows[0]);
	// The same four weeks a year (52 weeks) earlier, once the timeline reaches back that far.
	const yearRows = lastIndex >= 52 ? rows.slice(lastIndex - 52, lastIndex - 52 + WINDOW_WEEKS) : [];
	const yearAgo = yearRows.length === WINDOW_WEEKS ? total(yearRows) : undefined;
	const main = lines(first, last, partners, nameOf, {
		before: 'in your first four weeks',
		after: 'in the last four'
	});
	const year = yearAgo
		? lines(yearAgo, last, partners, nameOf, {
				before: 'in the same four weeks last year',
				after: 'in the last four'
			})
		: [];
	const kept = all.followThrough.kept + all.followThrough.backup;
	const weeks = rows.length;
	return {
		kind: 'compared',
		headline: `${many(weeks, 'week')} on this road since the week of ${dayWords(rows[0].week)}: ${many(kept, 'commitment')} kept, ${many(all.checkins.held, 'check-in')} held together.`,
		first,
		last,
		yearAgo,
		lines: main,
		yearLines: year,
		anyLower: [...main, ...year].some((l) => l.change?.endsWith('lower'))
	};
}
