import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import * as Y from 'yjs';
import { roots } from '../../src/lib/schema';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	waitForSaved,
	type Device
} from './peers';
import { addSavedUpdate, readSavedSpace } from './storage';

/** The contract pages, as a person finds their way around them. */
class ContractPage {
	constructor(readonly page: Page) {}

	/** Opens the contract from the app's own navigation (keeping the peer connection open). */
	async open() {
		await this.page
			.getByRole('navigation', { name: 'Sections' })
			.getByRole('link', { name: 'Contract' })
			.click();
		await expect(this.status).toBeVisible();
	}

	get status(): Locator {
		return this.page.getByTestId('contract-status');
	}

	/** The card of the clause whose commitment (heading) matches. */
	clause(commitment: string | RegExp): Locator {
		return this.page
			.getByRole('listitem')
			.filter({ has: this.page.getByRole('heading', { name: commitment }) });
	}

	/** A text field (a CodeMirror editor) by its label, inside `within`. */
	field(within: Locator, label: string): Locator {
		return within.getByRole('textbox', { name: label, exact: true });
	}

	/** Clicks into a field, then puts the caret at its start or end. */
	async caretIn(field: Locator, where: 'start' | 'end') {
		await field.click();
		await expect(field).toBeFocused();
		await this.page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
	}

	async addBehaviour(): Promise<Locator> {
		await this.page.getByRole('button', { name: 'Add a behaviour' }).click();
		const field = this.page
			.getByRole('region', { name: 'Behaviours we cultivate' })
			.getByRole('textbox', { name: 'Commitment', exact: true })
			.last();
		await expect(field).toBeFocused();
		return field;
	}

	async propose(note: string) {
		await this.page.getByRole('button', { name: /^Propose as version/ }).click();
		await this.page.getByLabel('Why this version? (one line)').fill(note);
		await this.page.getByRole('button', { name: /^Propose version/ }).click();
		await expect(this.page.getByRole('heading', { level: 1, name: /^Version/ })).toBeVisible();
	}

	async sign() {
		await this.page.getByRole('button', { name: 'Sign this version' }).click();
		await expect(this.page.getByText(/You signed on|You both signed/)).toBeVisible();
	}
}

/** The words in an editor, without the partner's caret and name drawn among them. */
async function wordsIn(field: Locator): Promise<string> {
	return field.evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.cm-ySelectionCaret').forEach((caret) => caret.remove());
		return copy.textContent ?? '';
	});
}

/** Two partners on two separate browsers, paired and connected, both on the contract page. */
async function pairedOnContract(): Promise<[Device, Device, ContractPage, ContractPage]> {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	const link = await createSpace(a.page, 'Alex');
	await joinFromLink(b.page, link, 'Sam');
	await expectConnected(b.page, 'Alex');
	await a.page.goto('/');
	await expectConnected(a.page, 'Sam');
	// No step may wait forever: a missing button fails here, with its name, not at the test timeout.
	a.page.setDefaultTimeout(20_000);
	b.page.setDefaultTimeout(20_000);
	const ca = new ContractPage(a.page);
	const cb = new ContractPage(b.page);
	await ca.open();
	await cb.open();
	return [a, b, ca, cb];
}

test('two partners write, sign and revise the contract together', async () => {
	test.setTimeout(150_000);
	let a: Device | undefined;
	let b: Device | undefined;
	try {
		const [da, db, ca, cb] = await pairedOnContract();
		a = da;
		b = db;
		await expect(ca.status).toContainText('Not agreed yet');

		// A new contract opens ready to write in; the title reaches the partner as it is typed.
		await ca.field(a.page.locator('main'), 'Title').pressSequentially('Our agreement');
		await expect(b.page.getByRole('heading', { level: 1 })).toHaveText('Our agreement');

		// A starts a clause; B sees it arrive and opens it too.
		const commitmentA = await ca.addBehaviour();
		await commitmentA.pressSequentially('check-in');
		await expect(cb.clause('check-in')).toBeVisible();
		await cb.clause('check-in').getByRole('button', { name: /^Edit/ }).click();
		const commitmentB = cb.field(b.page.locator('main'), 'Commitment');
		await expect.poll(() => wordsIn(commitmentB)).toBe('check-in');

		// Both type into the same field at the same moment: every word survives, on both screens,
		// and A's words stay together at the start (A's caret did not jump when B typed).
		await ca.caretIn(commitmentA, 'start');
		await cb.caretIn(commitmentB, 'end');
		await Promise.all([
			commitmentA.pressSequentially('Evening ', { delay: 60 }),
			commitmentB.pressSequentially(' call', { delay: 60 })
		]);
		await expect.poll(() => wordsIn(commitmentA)).toBe('Evening check-in call');
		await expect.poll(() => wordsIn(commitmentB)).toBe('Evening check-in call');

		// Each sees where the other is.
		await commitmentA.click();
		await expect(b.page.getByText('Alex is editing')).toContainText('Evening check-in call');
		await commitmentB.click();
		await expect(a.page.getByText('Sam is editing')).toContainText('Evening check-in call');

		// A fills in the rest; a quiet hint asks for a time until there is one.
		const cardA = ca.clause('Evening check-in call');
		await expect(cardA.getByRole('list', { name: 'Suggestions' })).toContainText('When will this');
		await ca.field(cardA, 'What shows it').pressSequentially('I call you at 20:00');
		await cardA.getByLabel('How often').selectOption('daily');
		await cardA.getByLabel('By (optional)').fill('20:00');
		await expect(cardA.getByRole('list', { name: 'Suggestions' })).toHaveCount(0);
		await ca
			.field(cardA, 'If it lapses (agreed in advance)')
			.pressSequentially('We talk on Sunday');
		// Rich text pasted from elsewhere arrives as plain words.
		const examples = ca.field(cardA, 'Examples');
		await examples.click();
		await examples.evaluate((el) => {
			const data = new DataTransfer();
			data.setData('text/html', '<b>Called</b> from the <i>train</i>');
			data.setData('text/plain', 'Called\u00a0from the train\u200b');
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
		});
		await expect.poll(() => wordsIn(examples)).toBe('Called from the train');
		await expect(examples.locator('b, i')).toHaveCount(0);
		await cardA.getByRole('button', { name: /^Done/ }).click();
		await cb.clause('Evening check-in call').getByRole('button', { name: /^Done/ }).click();
		// The time is written the person's way, as every time in the app is.
		const eight = await b.page.evaluate(() =>
			new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(2000, 0, 1, 20, 0))
		);
		await expect(cb.clause('Evening check-in call')).toContainText(`Daily by ${eight}`);

		// A proposes version 1 and signs; B reviews and signs; both see it agreed.
		await ca.propose('Our first agreement');
		await ca.sign();
		await expect(cb.status).toContainText('Version 1 proposed — waiting for signatures');
		await b.page.getByRole('link', { name: 'Review and sign version 1' }).click();
		await expect(b.page.getByText('Our first agreement')).toBeVisible();
		await cb.sign();
		await expect(b.page.getByText('You both signed this version')).toBeVisible();
		await expect(a.page.getByText('You both signed this version')).toBeVisible();
		await b.page.getByRole('link', { name: 'Back to the contract' }).click();
		await a.page.getByRole('link', { name: 'Back to the contract' }).click();
		await expect(ca.status).toContainText('Agreed — version 1');
		await expect(cb.status).toContainText('Agreed — version 1');

		// B revises a clause: both see that it is no longer what was agreed.
		await cb.clause('Evening check-in call').getByRole('button', { name: /^Edit/ }).click();
		const actionB = cb.field(b.page.locator('main'), 'What shows it');
		await cb.caretIn(actionB, 'end');
		await actionB.pressSequentially(', wherever I am');
		await expect(cb.status).toContainText('Changes since version 1, not yet agreed');
		await expect(ca.status).toContainText('Changes since version 1, not yet agreed');
		await cb.propose('Calls from anywhere count');

		// History shows both versions, and the comparison shows the words that changed.
		await a.page.getByRole('link', { name: 'History' }).click();
		const versions = a.page.getByRole('list').filter({ hasText: 'Proposed by' });
		await expect(versions.getByRole('listitem')).toHaveCount(2);
		await expect(versions.getByRole('listitem').first()).toContainText('Calls from anywhere count');
		await expect(versions.getByRole('listitem').last()).toContainText('Signed by Alex');
		await expect(versions.getByRole('listitem').last()).toContainText('and Sam');
		await expect(a.page.getByLabel('From')).toHaveValue(/.+/);
		await expect(a.page.locator('ins')).toContainText('wherever I am');

		// The print view shows the agreed version (1), not the proposal; nav and buttons stay off paper.
		await a.page.getByRole('link', { name: 'Back to the contract' }).click();
		await expect(ca.status).toBeVisible();
		await a.page.getByRole('link', { name: 'Print or download', exact: true }).click();
		await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Our agreement');
		await expect(a.page.getByText('I call you at 20:00', { exact: true })).toBeVisible();
		await expect(a.page.getByText('wherever I am')).toHaveCount(0);
		await a.page.emulateMedia({ media: 'print' });
		await expect(a.page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
		await expect(a.page.getByRole('button', { name: 'Print' })).toBeHidden();
		await expect(a.page.getByText('Evening check-in call')).toBeVisible();
		await a.page.emulateMedia({ media: 'screen' });
		const [download] = await Promise.all([
			a.page.waitForEvent('download'),
			a.page.getByRole('button', { name: 'Download Markdown' }).click()
		]);
		expect(download.suggestedFilename()).toBe('kept-contract-v1.md');
		const markdown = await readFile(await download.path(), 'utf8');
		expect(markdown).toContain('# Our agreement');
		expect(markdown).toContain('### 1. Evening check-in call');
		expect(markdown).not.toContain('wherever');

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('the contract pages have no accessibility violations, light and dark, narrow and wide', async () => {
	test.setTimeout(150_000);
	let a: Device | undefined;
	let b: Device | undefined;
	try {
		const [da, db, ca, cb] = await pairedOnContract();
		a = da;
		b = db;
		await ca.field(a.page.locator('main'), 'Title').pressSequentially('Our agreement');
		await ca
			.field(a.page.locator('main'), 'Why we are doing this')
			.pressSequentially('To feel safe.');
		await (await ca.addBehaviour()).pressSequentially('I will try to be better');
		await a.page.getByRole('button', { name: 'Add a boundary' }).click();
		await expect(ca.field(ca.clause(/still to be written/), 'Commitment')).toBeFocused();
		await a.page.keyboard.type('No phone at dinner');
		await (await ca.addBehaviour()).pressSequentially('Something to set aside');
		// Reordering works from the keyboard, and focus stays on the control that was used.
		const behaviours = a.page.getByRole('region', { name: 'Behaviours we cultivate' });
		const up = ca.clause(/Something to set aside/).getByRole('button', { name: /^Move up/ });
		await up.focus();
		await a.page.keyboard.press('Enter');
		await expect(behaviours.getByRole('heading', { level: 3 }).first()).toContainText(
			'Something to set aside'
		);
		await expect(
			ca.clause(/Something to set aside/).getByRole('button', { name: /^Move down/ })
		).toBeFocused();
		// Archiving is soft: the clause waits under Archived and comes back with Restore.
		const archive = () =>
			ca
				.clause(/Something to set aside/)
				.getByRole('button', { name: /^Archive/ })
				.click();
		await archive();
		await expect(a.page.getByRole('heading', { name: 'Archived' })).toBeVisible();
		await a.page.getByRole('button', { name: /^Restore/ }).click();
		await expect(a.page.getByRole('heading', { name: 'Archived' })).toHaveCount(0);
		await expect(ca.clause(/Something to set aside/)).toBeVisible();
		await archive();
		await expect(a.page.getByRole('heading', { name: 'Archived' })).toBeVisible();
		await ca.propose('A first go');
		const review = a.page.url();
		await ca.sign();
		await b.page.getByRole('link', { name: 'Review and sign version 1' }).click();
		await cb.sign();
		await expect(a.page.getByText('You both signed this version')).toBeVisible();
		await a.page.getByRole('link', { name: 'Back to the contract' }).click();
		await ca
			.clause(/try to be better/)
			.getByRole('button', { name: /^Edit/ })
			.click();
		await ca.caretIn(ca.field(ca.clause(/try to be better/), 'Commitment'), 'end');
		await a.page.keyboard.type(' by texting when I leave work');
		await expect(ca.status).toContainText('not yet agreed');
		await ca.propose('Clearer words');
		const proposal = a.page.url();
		// B is in the middle of editing, so A's page shows their presence too.
		await b.page.getByRole('link', { name: 'Back to the contract' }).click();
		await cb
			.clause(/No phone at dinner/)
			.getByRole('button', { name: /^Edit/ })
			.click();
		await cb.field(b.page.locator('main'), 'Commitment').click();

		const pages = [
			['contract', '/contract'],
			['first version', review],
			['proposal under review', proposal],
			['history', '/contract/history'],
			['print', '/contract/print']
		];
		const looks = [
			{ colorScheme: 'light', width: 360 },
			{ colorScheme: 'dark', width: 1280 },
			{ colorScheme: 'dark', width: 360 },
			{ colorScheme: 'light', width: 1280 }
		] as const;
		for (const [name, url] of pages) {
			await a.page.goto(url);
			await expect(a.page.getByRole('heading', { level: 1 })).toBeVisible();
			if (name === 'contract') {
				// Open a clause so the editors are checked too.
				await ca
					.clause(/No phone at dinner/)
					.getByRole('button', { name: /^Edit/ })
					.click();
				await expect(a.page.locator('.cm-editor').first()).toBeVisible();
				await expect(a.page.getByText('Sam is editing')).toBeVisible();
			}
			for (const look of looks) {
				await a.page.setViewportSize({ width: look.width, height: 900 });
				await a.page.emulateMedia({ colorScheme: look.colorScheme });
				// Buttons ease their colours in; let them settle before contrast is measured.
				await a.page.evaluate(() =>
					Promise.all(document.getAnimations().map((animation) => animation.finished))
				);
				const { violations } = await new AxeBuilder({ page: a.page }).analyze();
				expect(
					violations.map(
						(v) =>
							`${name} ${look.colorScheme} ${look.width}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`
					)
				).toEqual([]);
				// Nothing runs off the side of a phone.
				const overflow = await a.page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${name} at ${look.width}px`).toBeLessThanOrEqual(0);
			}
		}
		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('a heading refuses a long paste, long words elsewhere get a calm note, vague ones a quiet hint, and a newer app’s space is read-only', async () => {
	const a = await launchDevice('A');
	a.page.setDefaultTimeout(20_000);
	try {
		await createSpace(a.page, 'Alex');
		await a.page.goto('/');
		const ca = new ContractPage(a.page);
		await ca.open();
		const commitment = await ca.addBehaviour();
		await commitment.pressSequentially('I will try to be better');
		const card = ca.clause(/try to be better/);
		await expect(card.getByRole('list', { name: 'Suggestions' })).toContainText(
			'Could this name something your partner could notice?'
		);

		// A paste far past a heading's limit is refused whole, calmly, and nothing changes.
		await commitment.evaluate((el, text) => {
			const data = new DataTransfer();
			data.setData('text/plain', text);
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
		}, ' and more'.repeat(60));
		await expect(card.getByRole('status').filter({ hasText: 'Nothing was changed' })).toContainText(
			'keeps a short heading of up to 500'
		);
		await expect.poll(() => wordsIn(commitment)).toBe('I will try to be better');
		// In a longer field, it is kept whole; a note says so and proposing waits.
		const shows = ca.field(card, 'What shows it');
		await shows.click();
		await shows.evaluate((el, text) => {
			const data = new DataTransfer();
			data.setData('text/plain', text);
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
		}, 'I call. '.repeat(300));
		await expect(card.getByText(/A little long: this keeps up to 2000 characters/)).toBeVisible();
		await expect(a.page.getByRole('button', { name: 'Propose as version 1' })).toBeDisabled();
		await expect(a.page.getByText('A few words run past what a version keeps')).toBeVisible();
		await shows.press('Control+a');
		await shows.pressSequentially('A message when I leave');
		await commitment.press('Control+a');
		await commitment.pressSequentially('Text when I leave work');
		await expect(card.getByText(/A little long/)).toHaveCount(0);
		await expect(card.getByText('Nothing was changed')).toHaveCount(0);
		await expect(a.page.getByRole('button', { name: 'Propose as version 1' })).toBeEnabled();
		await waitForSaved(a.page);

		// A newer app wrote this space: the contract reads, nothing offers to change it; the update is offered.
		const saved = new Y.Doc();
		Y.applyUpdate(saved, await readSavedSpace(a.page));
		const before = Y.encodeStateVector(saved);
		roots.meta(saved).set('schemaVersion', 99);
		await addSavedUpdate(a.page, Y.encodeStateAsUpdate(saved, before));
		await a.page.reload();
		await expect(ca.clause('Text when I leave work')).toBeVisible();
		await expect(ca.status).toContainText('Not agreed yet');
		await expect(a.page.getByRole('button', { name: 'Look for the update' })).toBeVisible();
		await expect(
			a.page.getByRole('main').getByRole('button').filter({ hasNotText: 'Look for the update' })
		).toHaveCount(0);
		await expect(a.page.getByRole('main').getByRole('textbox')).toHaveCount(0);
		expect(a.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a);
	}
});
