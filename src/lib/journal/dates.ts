/** Dates as the device's own language writes them. */

// Formatters are made once: toLocaleDateString builds a new one on every call, which a journal
// of several years would pay for each entry shown.
let long: Intl.DateTimeFormat | undefined;
let short: Intl.DateTimeFormat | undefined;

/** A date as the device's language writes it, e.g. "Tuesday 3 March 2026". */
export function longDate(at: number): string {
	long ??= new Intl.DateTimeFormat(undefined, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	});
	return long.format(new Date(at));
}

/** A short date, e.g. "3 Mar 2026". */
export function shortDate(at: number): string {
	short ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
	return short.format(new Date(at));
}
