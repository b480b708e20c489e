/**
 * The first weeks, told kindly. The reliability score rises slowly by design (a perfect daily
 * run reaches ~80% in 30 days), so in week one it reads like a verdict ("3%") when it is only
 * young. Until it has `SCORE_READY_DAYS` behind it, the arc shows what is true and encouraging
 * instead — days with something kept, and follow-through — and says when the score will mean
 * something.
 */
import type { Day } from '../schema';
import { addDays, dayNumber } from '../core/calendar';
import { calendar } from '../tracker/metrics';
import type { Arc } from './read';

/** Days of records before the reliability score is shown as a figure. */
export const SCORE_READY_DAYS = 30;

/** Where a young arc stands. */
export interface EarlyDays {
	/** Days since the first record, today included. */
	days: number;
	/** Of those, days on which at least one commitment was kept (or its backup version). */
	daysKept: number;
	/** Credit over what was expected, over the whole time; null before anything was due. */
	followThrough: number | null;
	/** The day the score has enough days behind it. */
	readyOn: Day;
}

/** The young arc's figures, or null once the score has enough days behind it. */
export function earlyDays(
	arc: Pick<Arc, 'firstEntry' | 'today' | 'ledger' | 'rows'>
): EarlyDays | null {
	const since = arc.firstEntry ?? arc.rows[0]?.week;
	if (!since) return null;
	const days = dayNumber(arc.today) - dayNumber(since) + 1;
	if (days > SCORE_READY_DAYS) return null;
	const daysKept = calendar(arc.ledger, since, arc.today).filter((d) => d.credit > 0).length;
	let expected = 0;
	let credit = 0;
	for (const r of arc.rows) {
		expected += r.followThrough.expected;
		credit += r.followThrough.credit;
	}
	return {
		days: Math.max(1, days),
		daysKept,
		followThrough: expected > 0 ? credit / expected : null,
		readyOn: addDays(since, SCORE_READY_DAYS)
	};
}
