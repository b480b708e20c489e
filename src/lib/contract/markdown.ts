/** A version as a clean Markdown document, to keep or print outside the app. */
import type { Instant, PartnerId } from '../schema';
import { toDay } from '../core/calendar';
import { describeOwner, type ClauseTextField } from './clauses';
import type { VersionClause } from './content';
import { exampleLines } from './text';
import { describeTimeline } from './timeline';
import type { Signature, Version } from './versions';

/** Optional extras for the export: the version's label, its valid signatures, a date format. */
export interface MarkdownOptions {
	label?: string;
	signatures?: readonly Signature[];
	/** Defaults to YYYY-MM-DD on this device's calendar. */
	formatDate?: (at: Instant) => string;
}

const LABELS: [ClauseTextField, string][] = [
	['consequence', 'If it lapses'],
	['backup', 'On a hard day'],
	['touchBase', 'Touch base']
];

/** The version as Markdown: title, why, behaviours, boundaries, signatures and fingerprint. */
export function versionToMarkdown(
	version: Version,
	partnersById: Readonly<Record<PartnerId, { name: string }>>,
	options: MarkdownOptions = {}
): string {
	const date = options.formatDate ?? toDay;
	const name = (id: PartnerId) => escape(partnersById[id]?.name ?? 'A partner');
	const { title, why, clauses } = version.content;
	const out = [`# ${escape(oneLine(title)) || 'Our contract'}`];
	const proposed = `Version ${options.label ?? version.number} · proposed ${date(version.proposedAt)} by ${name(version.proposedBy)}`;
	out.push(proposed + (version.note ? `  \n_${escape(oneLine(version.note))}_` : ''));
	if (why.trim()) out.push('## Why we are doing this', block(why, ''));
	const sections: [string, VersionClause[]][] = [
		['Behaviours we cultivate', clauses.filter((c) => c.kind === 'behaviour')],
		['Boundaries we keep', clauses.filter((c) => c.kind === 'boundary')]
	];
	for (const [heading, list] of sections) {
		if (list.length === 0) continue;
		out.push(`## ${heading}`);
		list.forEach((clause, i) => out.push(...clauseMarkdown(clause, i + 1, partnersById)));
	}
	const signed = (options.signatures ?? []).map(
		(s) => `${name(s.partnerId)} on ${date(s.signedAt)}`
	);
	out.push('---', signed.length ? `Signed by ${signed.join(' and ')}.` : 'Not signed yet.');
	out.push(`Fingerprint (SHA-256): \`${version.hash}\``);
	return out.join('\n\n') + '\n';
}

function clauseMarkdown(
	clause: VersionClause,
	n: number,
	partnersById: Readonly<Record<PartnerId, { name: string }>>
): string[] {
	const items = [
		clause.action.trim() && `- **What shows it:** ${block(clause.action, '  ')}`,
		`- **Who:** ${escape(describeOwner(clause.owner, partnersById))}`,
		`- **When:** ${describeTimeline(clause.timeline, (time) => time)}`
	];
	const examples = exampleLines(clause.examples);
	if (examples.length) {
		items.push(['- **Examples:**', ...examples.map((e) => `  - ${escape(e)}`)].join('\n'));
	}
	for (const [field, label] of LABELS) {
		if (clause[field].trim()) items.push(`- **${label}:** ${block(clause[field], '  ')}`);
	}
	const heading = escape(oneLine(clause.commitment)) || 'A commitment still to be written';
	return [`### ${n}. ${heading}`, items.filter(Boolean).join('\n')];
}

/** Multi-line text as Markdown: hard line breaks, continuation lines indented under a list item. */
function block(text: string, indent: string): string {
	return text
		.trim()
		.split('\n')
		.map((line) => escape(line.trim()))
		.join(`  \n${indent}`);
}

/** Escapes what Markdown would read as formatting, so a person's words print as written. */
function escape(text: string): string {
	return text
		.replace(/[\\`*_[\]<>|~]/g, '\\$&')
		.replace(/^(\s*)([#>+=-])/, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}
