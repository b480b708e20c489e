import { describe, expect, test } from 'vitest';
import { versionToMarkdown } from './markdown';
import type { Version } from './versions';

const version: Version = {
	id: 'v1',
	number: 2,
	note: 'After the talk on *Sunday*',
	proposedBy: 'ana',
	proposedAt: Date.UTC(2026, 2, 2, 12),
	hash: 'abc123',
	content: {
		title: 'Our agreement',
		why: 'So we both feel safe.\nAnd seen 🌱',
		clauses: [
			{
				id: 'c1',
				kind: 'boundary',
				owner: 'ben',
				timeline: { kind: 'always' },
				commitment: 'No phone at dinner',
				action: '',
				examples: '',
				consequence: '',
				backup: '',
				touchBase: ''
			},
			{
				id: 'c2',
				kind: 'behaviour',
				owner: 'both',
				timeline: { kind: 'daily', byTime: '20:00' },
				commitment: 'Call at 8 pm',
				action: 'The call happens; either of us can start it',
				examples: 'Called from the train\n\n# Texted "late, 10 min" first',
				consequence: 'We talk it through at the check-in',
				backup: 'A voice note\nfrom wherever I am',
				touchBase: 'Next morning'
			}
		]
	}
};

describe('versionToMarkdown', () => {
	test('renders a clean document, behaviours before boundaries, with signatures and hash', () => {
		const md = versionToMarkdown(
			version,
			{ ana: { name: 'Ana' }, ben: { name: 'Ben_' } },
			{
				label: '2b',
				formatDate: (at) => new Date(at).toISOString().slice(0, 10),
				signatures: [
					{ versionId: 'v1', partnerId: 'ana', hash: 'abc123', signedAt: Date.UTC(2026, 2, 3) },
					{ versionId: 'v1', partnerId: 'ben', hash: 'abc123', signedAt: Date.UTC(2026, 2, 4) }
				]
			}
		);
		expect(md).toBe(
			[
				'# Our agreement',
				'',
				'Version 2b · proposed 2026-03-02 by Ana  ',
				'_After the talk on \\*Sunday\\*_',
				'',
				'## Why we are doing this',
				'',
				'So we both feel safe.  ',
				'And seen 🌱',
				'',
				'## Behaviours we cultivate',
				'',
				'### 1. Call at 8 pm',
				'',
				'- **What shows it:** The call happens; either of us can start it',
				'- **Who:** Both of us',
				'- **When:** Daily by 20:00',
				'- **Examples:**',
				'  - Called from the train',
				'  - \\# Texted "late, 10 min" first',
				'- **If it lapses:** We talk it through at the check-in',
				'- **On a hard day:** A voice note  ',
				'  from wherever I am',
				'- **Touch base:** Next morning',
				'',
				'## Boundaries we keep',
				'',
				'### 1. No phone at dinner',
				'',
				'- **Who:** Ben\\_',
				'- **When:** Always',
				'',
				'---',
				'',
				'Signed by Ana on 2026-03-03 and Ben\\_ on 2026-03-04.',
				'',
				'Fingerprint (SHA-256): `abc123`',
				''
			].join('\n')
		);
	});

	test('an unsigned, untitled version still reads well', () => {
		const bare: Version = { ...version, note: '', content: { title: '', why: '', clauses: [] } };
		const md = versionToMarkdown(bare, {});
		expect(md).toMatch(
			/^# Our contract\n\nVersion 2 · proposed \d{4}-\d{2}-\d{2} by A partner\n\n---\n\nNot signed yet\./
		);
	});
});
