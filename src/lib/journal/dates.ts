/** Dates as the device's own language writes them. */

/** A date as the device's language writes it, e.g. "Tuesday 3 March 2026". */
export function longDate(at: number): string {
	return new Date(at).toLocaleDateString(undefined, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	});
}

/** A short date, e.g. "3 Mar 2026". */
export function shortDate(at: number): string {
	return new Date(at).toLocaleDateString(undefined, {
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	});
}
