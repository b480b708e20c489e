import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { addClause } from '../../src/lib/contract/clauses';
import { proposeVersion, signVersion } from '../../src/lib/contract/versions';
import { activePartners } from '../../src/lib/partners/partners';
import type { Instant } from '../../src/lib/schema';
import { expectAccessible, paired } from './checkin-helpers';
import { closeDevices } from './peers';

const CONSEQUENCE = 'We talk it through at the next check-in, calmly, and adjust the plan.';

/** Version 1, signed by both: a clause with a consequence agreed in advance. */
function agreedWithConsequence(saved: Uint8Array, signedAt: Instant): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, saved);
	const before = Y.encodeStateVector(doc);
	const [a, b] = activePartners(doc).map((p) => p.id);
	if (!a || !b) throw new Error('Both partners must be in the space first');
	addClause(
		doc,
		{
			by: a,
			kind: 'behaviour',
			owner: a,
			commitment: 'Call at 8 pm when away',
			action: 'A short call, or two lines by text if a call is impossible.',
			consequence: CONSEQUENCE,
			timeline: { kind: 'daily', byTime: '20:00' }
		},
		signedAt
	);
	addClause(
		doc,
		{ by: a, kind: 'boundary', owner: 'both', commitment: 'Phones stay open on the table' },
		signedAt
	);
	const v1 = proposeVersion(doc, { by: a, note: 'Our first version' }, signedAt);
	for (const by of [a, b]) signVersion(doc, { versionId: v1.id, by, hash: v1.hash }, signedAt);
	const update = Y.encodeStateAsUpdate(doc, before);
	doc.destroy();
	return update;
}

/** One step of a setback's "Where it stands". */
const stage = (page: Page, label: string) =>
	page
		.getByRole('list', { name: 'Where it stands' })
		.getByRole('listitem')
		.filter({ hasText: label });

test('a setback is written down calmly, talked through, and becomes a version both sign', async () => {
	test.setTimeout(300_000);
	const { a, b } = await paired('/setbacks', (saved) =>
		agreedWithConsequence(saved, Date.now() - 5 * 86_400_000)
	);
	try {
		await expectAccessible(a.page, 'setbacks-empty');

		// "Something went wrong": facts, the clause, the consequence as agreed (read-only).
		await a.page.getByRole('link', { name: 'Something went wrong' }).click();
		await expect(a.page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
		await a.page.getByLabel('What happened').fill('I missed the 8 pm call on Tuesday.');
		await a.page.getByRole('checkbox', { name: 'Call at 8 pm when away' }).check();
		const agreed = a.page.getByRole('region', { name: 'What you agreed in advance' });
		await expect(agreed.getByText(CONSEQUENCE)).toBeVisible();
		await expect(agreed.getByRole('textbox')).toHaveCount(0);
		await expect(a.page.getByRole('radio', { name: 'Mine' })).toBeChecked();
		await a.page.getByLabel('What led up to it').fill('A meeting ran late and my phone was flat.');
		await a.page.getByLabel('What would have prevented it').fill('Set an alarm at 7:45 pm.');
		await expectAccessible(a.page, 'setbacks-new');
		await a.page.getByRole('button', { name: 'Write it down' }).click();
		await expect(a.page.getByText('Written down by you')).toBeVisible();
		await expect(stage(a.page, 'Written down')).toHaveAttribute('aria-current', 'step');
		await expectAccessible(a.page, 'setbacks-detail');

		// B sees it, gently, in the list; no counters, no alarms.
		await expect(b.page.getByText('I missed the 8 pm call on Tuesday.')).toBeVisible();
		await expectAccessible(b.page, 'setbacks-list');

		// At a check-in, B marks it talked through.
		await b.page.goto('/checkin');
		await b.page.getByRole('button', { name: 'Check in now' }).click();
		await expect(b.page.getByRole('heading', { name: 'Take a breath together' })).toBeVisible();
		await b.page.getByRole('button', { name: 'Next: The week in numbers' }).click();
		const written = b.page.getByRole('region', { name: 'Setbacks written down' });
		await expect(written.getByText('I missed the 8 pm call on Tuesday.')).toBeVisible();
		await b.page.goto('/setbacks');
		await b.page.getByRole('link', { name: /^[A-Z][a-z]+day, / }).click();
		await expect(b.page.getByText(CONSEQUENCE)).toBeVisible();
		await b.page.getByRole('button', { name: 'We’ve talked it through' }).click();
		await expect(b.page.getByText('Talked through at the check-in of')).toBeVisible();
		await expect(stage(a.page, 'Talked through')).toHaveAttribute('aria-current', 'step', {
			timeout: 30_000
		});

		// A proposes a change to the touched clause, pre-filled with the counter-measure.
		await a.page.getByRole('link', { name: 'Propose a change to the contract' }).click();
		await expect(a.page.getByLabel('What to change')).toHaveValue(/.+/);
		await expect(a.page.getByLabel('What shows it')).toHaveValue(
			'A short call, or two lines by text if a call is impossible.\nSet an alarm at 7:45 pm.'
		);
		await expect(a.page.getByLabel('Why this version? (one line)')).toHaveValue(
			/^After the setback of .+: Set an alarm at 7:45 pm\.$/
		);
		await expectAccessible(a.page, 'setbacks-propose');
		await a.page.getByRole('button', { name: 'Propose version 2' }).click();
		await expect(a.page.getByRole('heading', { name: 'Version 2', exact: true })).toBeVisible();
		await a.page.getByRole('button', { name: 'Sign this version' }).click();
		await expect(a.page.getByText(/You signed on/)).toBeVisible();

		// B follows the setback to the version and signs it too.
		await expect(b.page.getByText('waiting for your signature.')).toBeVisible();
		await b.page.getByRole('link', { name: 'Version 2' }).click();
		await b.page.getByRole('button', { name: 'Sign this version' }).click();
		for (const d of [a, b]) {
			await d.page.goto('/setbacks');
			await expect(stage(d.page, 'Contract updated')).toHaveAttribute('aria-current', 'step');
		}

		// The contract's history shows the setback as the reason for version 2.
		await a.page.goto('/contract/history');
		await expect(
			a.page.getByText(/Why: After the setback of .+: Set an alarm at 7:45 pm\./)
		).toBeVisible();
		await b.page.getByRole('link', { name: /^[A-Z][a-z]+day, / }).click();
		await expect(b.page.getByText('The contract was updated because of it:')).toBeVisible();
		await expect(b.page.getByRole('link', { name: 'version 2' })).toBeVisible();
		await expectAccessible(b.page, 'setbacks-updated');

		// On a phone the bar keeps five places; the rest, setbacks included, are under More.
		await b.page.getByRole('link', { name: 'More' }).click();
		const bar = b.page.getByRole('navigation', { name: 'Sections' });
		await expect(bar.getByRole('link')).toHaveCount(5);
		await expect(bar.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'page');
		await expect(b.page.getByRole('main').getByRole('link', { name: /^Setbacks/ })).toBeVisible();
		await expectAccessible(b.page, 'more');

		for (const d of [a, b]) expect(d.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
