/**
 * Runs benchmark groups one after another. A group that fails is reported with its error and
 * the others still run, so one broken group never hides the figures of the rest; the caller
 * exits non-zero when any failed.
 */
import type { Row } from './stats';

/** A group that did not finish, and why. */
export interface Failure {
	group: string;
	command: string;
	error: string;
}

/** Runs the groups named in `only` (all when empty), each adding its rows to `rows`. */
export async function runGroups(
	groups: [string, () => Promise<void>][],
	only: readonly string[],
	rows: Row[]
): Promise<Failure[]> {
	const failures: Failure[] = [];
	for (const [name, run] of groups) {
		if (only.length > 0 && !only.includes(name)) continue;
		const command = `npm run bench -- ${name}`;
		const first = rows.length;
		try {
			await run();
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			failures.push({ group: name, command, error: message });
			console.error(`Benchmark "${name}" failed:`, error);
		}
		for (const row of rows.slice(first)) row.command = command;
	}
	return failures;
}

/** The failed groups, printed after the table so they cannot scroll out of sight. */
export function printFailures(failures: readonly Failure[]): void {
	if (failures.length === 0) return;
	console.log(`\n${failures.length} group(s) did not finish; their figures are missing:`);
	for (const f of failures) {
		console.log(`\n$ ${f.command}\n  ${f.error.split('\n').join('\n  ')}`);
	}
}
