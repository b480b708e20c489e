/** The journal's dates, written the app's one way (`core/time.ts`). */
import { write } from '../core/time';

/** A date with its weekday, e.g. "Tuesday 3 March 2026". */
export function longDate(at: number): string {
	return write(at, 'weekdayDate');
}

/** A short date, e.g. "3 Mar 2026". */
export function shortDate(at: number): string {
	return write(at, 'shortDate');
}
