/**
 * Counters and gauges in Prometheus' text format. Only totals and reasons: a metric never
 * carries a room name, a token or an address, so labels are a fixed, known set.
 */

type Labels = Readonly<Record<string, string>>;

interface Family {
	name: string;
	help: string;
	type: 'counter' | 'gauge';
	/** Current samples: label set (as text) → value. */
	read(): Map<string, number>;
}

/** One counter, optionally split by a label from a fixed list. */
export interface Counter {
	inc(labels?: Labels, by?: number): void;
	get(labels?: Labels): number;
}

/** The metrics of one server process. */
export class Metrics {
	readonly #families: Family[] = [];

	/** A counter that only goes up. */
	counter(name: string, help: string): Counter {
		const values = new Map<string, number>();
		this.#add({ name, help, type: 'counter', read: () => values });
		return {
			inc(labels, by = 1) {
				const key = labelText(labels);
				values.set(key, (values.get(key) ?? 0) + by);
			},
			get(labels) {
				return values.get(labelText(labels)) ?? 0;
			}
		};
	}

	/** A gauge read when scraped, from one value or a value per label set. */
	gauge(name: string, help: string, read: () => number | [Labels, number][]): void {
		this.#add({
			name,
			help,
			type: 'gauge',
			read: () => {
				const value = read();
				if (typeof value === 'number') return new Map([['', value]]);
				return new Map(value.map(([labels, v]) => [labelText(labels), v]));
			}
		});
	}

	/** The exposition text (Prometheus 0.0.4). */
	render(): string {
		const lines: string[] = [];
		for (const family of this.#families) {
			lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
			const samples = family.read();
			if (samples.size === 0 && family.type === 'counter') lines.push(`${family.name} 0`);
			for (const [labels, value] of samples) lines.push(`${family.name}${labels} ${value}`);
		}
		return lines.join('\n') + '\n';
	}

	#add(family: Family): void {
		if (this.#families.some((f) => f.name === family.name)) {
			throw new Error(`The metric ${family.name} is already defined.`);
		}
		this.#families.push(family);
	}
}

function labelText(labels: Labels | undefined): string {
	if (!labels) return '';
	const parts = Object.entries(labels)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(
			([name, value]) =>
				`${name}="${value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`
		);
	return parts.length ? `{${parts.join(',')}}` : '';
}
