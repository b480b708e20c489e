/**
 * The reliability score per track: Loop Habit Tracker's forgiving exponential average.
 *
 * Each step: score = prev·m + v·(1−m), m = 0.5^(√f/13), f = repetitions per day (daily and
 * boundaries 1, timesPerWeek n → n/7, weekly 1/7). A perfect daily run reaches ~80% in 30 days
 * and ~96% in 60; a missed day costs ~5% of the way, never everything.
 *
 * Values: kept 1; the backup version 0.5 (it kept the commitment in a smaller form: partial
 * credit); not today, or a past due day with nothing recorded, 0; excused: no step at all.
 * Today with nothing recorded takes no step yet.
 *
 * Loop steps a non-daily habit every day against a doubled rolling window; here a weekly quota
 * takes one step per week with m^days (the same decay as that many daily steps) and
 * v = min(1, credit ÷ (expected − excused)), taken when the quota is met or the week is over —
 * the score never drops mid-week for something that can still be done.
 */
import type { Day } from '../schema';
import { dayNumber, dayOfNumber, weekdayName, weekStartNumber } from '../core/calendar';
import { multiplier, trackData, type TrackData } from './analysis';
import type { Ledger } from './ledger';
import type { Track } from './model';
import { count, counted, listed } from './words';

/** The score at the end of a day. */
export interface ScorePoint {
	day: Day;
	score: number;
}

function series(ledger: Ledger, td: TrackData): Float64Array {
	const key = `score:${td.track.clauseId}\u0000${td.track.partnerId}`;
	const cached = ledger.memo.get(key) as Float64Array | undefined;
	if (cached) return cached;
	const out = new Float64Array(Math.max(0, ledger.todayN - td.startN + 1));
	const applyAt = new Map<number, TrackData['weeks'][number]>();
	for (const w of td.weeks) if (w.applyN !== undefined) applyAt.set(w.applyN, w);
	const m1 = multiplier(1);
	let score = 0;
	let mi = 0;
	for (let n = td.startN; n <= ledger.todayN; n++) {
		for (; mi < td.marks.length && td.marks[mi].n === n; mi++) {
			const v = td.marks[mi].v;
			if (typeof v === 'number') score = score * m1 + v * (1 - m1);
		}
		const w = applyAt.get(n);
		if (w && w.v !== null) score = score * w.decay + w.v * (1 - w.decay);
		out[n - td.startN] = score;
	}
	ledger.memo.set(key, out);
	return out;
}

/** The score of a track for every day from its start to today (for trend charts). */
export function scoreSeries(ledger: Ledger, track: Track): ScorePoint[] {
	const td = trackData(ledger, track);
	if (!td) return [];
	return Array.from(series(ledger, td), (score, i) => ({ day: dayOfNumber(td.startN + i), score }));
}

/** The score of a track at the end of a day (0 before it started), in [0, 1]. */
export function scoreOf(ledger: Ledger, track: Track, day: Day = ledger.today): number {
	const td = trackData(ledger, track);
	if (!td) return 0;
	const s = series(ledger, td);
	const i = Math.min(dayNumber(day), ledger.todayN) - td.startN;
	return i < 0 ? 0 : s[i];
}

/** How a score moved over the last seven days, and why, in one calm sentence. */
export interface ScoreChange {
	/** Score seven days ago and today, in [0, 1]. */
	from: number;
	to: number;
	/** Change in whole percentage points, as displayed. */
	delta: number;
	sentence: string;
}

/** The change over the last week with its reasons ("Down 4%: two missed days (…); …"). */
export function scoreChange(ledger: Ledger, track: Track): ScoreChange {
	const td = trackData(ledger, track);
	const from = scoreOf(ledger, track, dayOfNumber(ledger.todayN - 7));
	const to = scoreOf(ledger, track);
	const delta = Math.round(to * 100) - Math.round(from * 100);
	const head =
		delta > 0
			? `Up ${delta}%`
			: delta < 0
				? `Down ${-delta}%`
				: `Steady at ${Math.round(to * 100)}%`;
	const reasons = td ? reasonsOf(ledger, td, delta < 0) : [];
	const sentence = `${head}: ${reasons.length ? reasons.join('; ') : 'nothing new counted this week'}.`;
	return { from, to, delta, sentence };
}

/** The week's reasons, leading with what moved the score the way it went. */
function reasonsOf(ledger: Ledger, td: TrackData, down: boolean): string[] {
	const fromN = ledger.todayN - 6;
	const boundary = td.latest.kind === 'boundary';
	const marks = td.marks.filter((m) => m.n >= fromN && m.v !== undefined);
	const names = (v: number | null) => marks.filter((m) => m.v === v).map((m) => weekdayName(m.day));
	const kept = names(1);
	const backups = names(0.5);
	const missed = names(0);
	const excused = names(null);
	const scored = kept.length + backups.length + missed.length;
	const verb = boundary ? 'honoured' : 'kept';
	const out: string[] = [];
	if (scored && !missed.length && !backups.length) {
		out.push(
			scored === 7
				? `${verb} every day this week`
				: scored === 1
					? `${verb} on the one day counted`
					: `${verb} on all ${count(scored)} days counted`
		);
	} else if (scored) {
		const good = kept.length ? [`${verb} on ${counted(kept.length, 'day')}`] : [];
		const what = boundary ? counted(missed.length, 'lapse') : counted(missed.length, 'missed day');
		const less = missed.length ? [missed.length <= 3 ? `${what} (${listed(missed)})` : what] : [];
		if (backups.length === 1) less.push(`the backup version on ${backups[0]} counted as half`);
		else if (backups.length) less.push(`${count(backups.length)} backup versions counted as half`);
		out.push(...(down ? [...less, ...good] : [...good, ...less]));
	}
	if (excused.length === 1) out.push(`the excused ${excused[0]} didn't count`);
	else if (excused.length) out.push(`${count(excused.length)} excused days didn't count`);

	const thisWeek = weekStartNumber(ledger.todayN);
	for (const w of td.weeks) {
		const label = w.weekN === thisWeek ? 'this week' : 'last week';
		const done = w.kept + w.backup;
		const half = w.backup ? ` (${counted(w.backup, 'backup version')} counted as half)` : '';
		if (w.applyN !== undefined && w.applyN >= fromN && w.v !== null)
			out.push(`${done} of ${w.expected - w.excused} ${label}${half}`);
		else if (w.weekN === thisWeek && w.applyN === undefined && w.expected > w.excused)
			out.push(`this week is still open (${done} of ${w.expected - w.excused} so far)`);
	}
	return out;
}
