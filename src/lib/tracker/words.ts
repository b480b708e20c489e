/** Small English helpers for the calm sentences the metrics give. */

const NUMBER_WORDS = [
	'no',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'ten'
];

/** "two", or "12" past ten. */
export function count(n: number): string {
	return NUMBER_WORDS[n] ?? String(n);
}

/** "one day" / "three days". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
	return `${count(n)} ${n === 1 ? singular : plural}`;
}

/** "Monday", "Monday and Wednesday", "Monday, Tuesday and Friday". */
export function listed(items: string[]): string {
	if (items.length < 2) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A ratio as a whole percentage ("80%"). */
export function percent(x: number): string {
	return `${Math.round(x * 100)}%`;
}
