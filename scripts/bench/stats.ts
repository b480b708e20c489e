/** Small statistics for benchmark samples. */
export function median(xs: number[]): number {
	return quantile(xs, 0.5);
}

/** The q-quantile (0..1) of the samples, by nearest rank. */
export function quantile(xs: number[], q: number): number {
	if (xs.length === 0) return NaN;
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** One row of the results table. */
export interface Row {
	name: string;
	value: number;
	unit: string;
	note?: string;
	/** The command that measures this row again. */
	command?: string;
}

/** Prints rows as an aligned table, each group under the command that reproduces it. */
export function printTable(rows: Row[]): void {
	const w = Math.max(...rows.map((r) => r.name.length));
	let command: string | undefined;
	for (const r of rows) {
		if (r.command !== command) {
			command = r.command;
			if (command) console.log(`\n$ ${command}`);
		}
		const v = Number.isInteger(r.value)
			? String(r.value)
			: r.value.toFixed(Math.abs(r.value) < 10 ? 2 : 1);
		console.log(`${r.name.padEnd(w)}  ${v.padStart(10)} ${r.unit.padEnd(6)} ${r.note ?? ''}`);
	}
}
