/**
 * A readable copy of one's own words, in open formats that outlive the app: Markdown to read,
 * JSON to keep or import elsewhere. Unencrypted — the screen says so before downloading.
 */
import { MOODS, PROMPTS, type JournalEntry } from '../journal/journal';
import type { Insight } from '../journal/insights';
import type { Instant } from '../schema';

/** What goes into the readable copy. */
export interface ReadableSource {
	name: string;
	entries: readonly JournalEntry[];
	/** Insights this person shared and has not withdrawn. */
	insights: readonly Insight[];
	now: Instant;
	/** How a date is written (the device's own language in the app). */
	formatDate?: (at: Instant) => string;
}

const isoDay = (at: Instant) => new Date(at).toISOString().slice(0, 10);

/** The journal and shared insights as one Markdown document. */
export function toMarkdown(source: ReadableSource): string {
	const date = source.formatDate ?? isoDay;
	const out: string[] = [`# ${source.name}’s journal`, ''];
	out.push(
		`Exported from Kept on ${date(source.now)}. Private: keep this file somewhere safe.`,
		''
	);
	if (source.entries.length === 0) out.push('_No entries yet._', '');
	for (const entry of source.entries) {
		out.push(`## ${date(entry.createdAt)}`, '');
		const mood = MOODS.find((m) => m.value === entry.mood)?.label;
		const facts = [mood && `Mood: ${mood}`, entry.tags.length && `Tags: ${entry.tags.join(', ')}`];
		if (facts.some(Boolean)) out.push(facts.filter(Boolean).join(' · '), '');
		if (entry.text.trim()) out.push(entry.text.trim(), '');
		for (const prompt of PROMPTS) {
			const answer = entry.prompts[prompt.key].trim();
			if (answer) out.push(`### ${prompt.label}`, '', answer, '');
		}
	}
	if (source.insights.length) {
		out.push('## Insights I shared', '');
		for (const insight of source.insights) {
			out.push(...insight.text.split('\n').map((line) => `> ${line}`));
			out.push('', `— shared on ${date(insight.sharedAt)}`, '');
		}
	}
	return out.join('\n');
}

/** The same content as JSON, with instants as ISO 8601. */
export function toJson(source: ReadableSource): string {
	const iso = (at: Instant | undefined) => (at ? new Date(at).toISOString() : undefined);
	return JSON.stringify(
		{
			format: 'kept-journal-export',
			version: 1,
			exportedAt: iso(source.now),
			name: source.name,
			entries: source.entries.map((e) => ({
				createdAt: iso(e.createdAt),
				updatedAt: iso(e.updatedAt),
				text: e.text,
				prompts: Object.fromEntries(PROMPTS.map((p) => [p.label, e.prompts[p.key]])),
				mood: MOODS.find((m) => m.value === e.mood)?.label ?? null,
				tags: e.tags
			})),
			insightsShared: source.insights.map((i) => ({ sharedAt: iso(i.sharedAt), text: i.text }))
		},
		null,
		2
	);
}
