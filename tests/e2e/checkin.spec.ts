import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectAccessible, paired } from './checkin-helpers';
import { closeDevices, waitForSaved } from './peers';
import { readSavedSpace } from './storage';

/** The device's shared document as saved on disk, as text to search. */
async function savedBytes(page: Page): Promise<string> {
	await waitForSaved(page);
	return Buffer.from(await readSavedSpace(page)).toString('latin1');
}

const next = (page: Page, label: string) =>
	page.getByRole('button', { name: `Next: ${label}` }).click();

test('both partners complete a check-in with a blind reveal, a pause, and a history', async () => {
	test.setTimeout(300_000);
	const { a, b } = await paired('/checkin');
	const A_MARK = `alex-answer-${Date.now().toString(36)}`;
	const B_MARK = `sam-answer-${Date.now().toString(36)}`;
	try {
		// The weekly time, today at this minute; the calendar file is a weekly iCalendar event.
		await a.page.getByRole('link', { name: 'Choose our weekly time' }).click();
		const now = new Date();
		const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][
			now.getDay()
		];
		const hhmm = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
		await a.page.getByLabel('Day', { exact: true }).selectOption({ label: weekday });
		await a.page.getByLabel('Time', { exact: true }).fill(hhmm);
		await a.page.getByRole('button', { name: 'Save our time' }).click();
		// Written the person's way, as every time in the app is.
		const shown = await a.page.evaluate(
			([h, m]) =>
				new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(
					new Date(2000, 0, 1, h, m)
				),
			[now.getHours(), now.getMinutes()]
		);
		await expect(a.page.getByText(`Saved: every ${weekday} at ${shown}.`)).toBeVisible();
		await expectAccessible(a.page, 'checkin-schedule');
		const download = a.page.waitForEvent('download');
		await a.page.getByRole('button', { name: 'Add to calendar' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('kept-weekly-check-in.ics');
		const ics = await readFile((await file.path()) as string, 'utf8');
		expect(ics).toContain('BEGIN:VCALENDAR');
		expect(ics).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=(SU|MO|TU|WE|TH|FR|SA)/);

		// B sees the time; A starts; B joins.
		await expect(b.page.getByRole('heading', { name: 'Next check-in' })).toBeVisible();
		await expect(b.page.getByRole('region', { name: 'Next check-in' })).toContainText('Today at');
		await expectAccessible(b.page, 'checkin-overview');
		await a.page.getByRole('link', { name: 'This week' }).click();
		await a.page.getByRole('button', { name: 'Start our check-in' }).click();
		await expect(a.page.getByRole('heading', { name: 'Take a breath together' })).toBeVisible();
		await expect(b.page.getByText('Alex has started. Join whenever you’re ready.')).toBeVisible();
		await b.page.getByRole('button', { name: 'Join the check-in' }).click();
		await expect(b.page.getByRole('heading', { name: 'Take a breath together' })).toBeVisible();

		// Opening: ground rules, editable by either; both see them.
		await expectAccessible(a.page, 'checkin-1-opening');
		await a.page.getByRole('button', { name: 'Make them our own' }).click();
		await a.page
			.getByLabel('Our ground rules, one per line')
			.fill('We speak for ourselves.\nEither of us can pause.');
		await a.page.getByRole('button', { name: 'Save ground rules' }).click();
		await expect(b.page.getByText('Either of us can pause.')).toBeVisible();
		await expect(b.page.getByText('Last changed by Alex.')).toBeVisible();

		// The week in numbers.
		for (const d of [a, b]) await next(d.page, 'The week in numbers');
		await expect(a.page.getByRole('heading', { name: 'Follow-through' })).toBeVisible();
		await expectAccessible(a.page, 'checkin-2-numbers');

		// Answers, each on their own device. A submits first.
		for (const d of [a, b]) await next(d.page, 'Your answers');
		await expectAccessible(a.page, 'checkin-3-answers');
		await a.page
			.getByRole('textbox', { name: 'What went well this week?' })
			.fill(`The calls. ${A_MARK}`);
		await a.page
			.getByRole('textbox', { name: 'What would make trust easier next week?' })
			.fill('Texting when late.');
		await a.page.getByRole('radio', { name: '7', exact: true }).check();
		await a.page.getByRole('button', { name: 'Submit my answers' }).click();
		await expect(a.page.getByText('Waiting for Sam.')).toBeVisible();
		await expectAccessible(a.page, 'checkin-4-waiting');

		// B writes, not yet submitted: it is saved on B's device only.
		await b.page
			.getByRole('textbox', { name: 'What went well this week?' })
			.fill(`Dinner on Friday. ${B_MARK}`);
		await b.page.getByRole('textbox', { name: 'What didn’t go so well?' }).fill('Tuesday evening.');
		await b.page.getByRole('radio', { name: '6', exact: true }).check();
		await expect(b.page.getByText('Saved on this device only.')).toBeVisible();
		// B asks for a pause: once A sees it, A has everything B's shared document holds.
		await b.page.getByRole('button', { name: 'Pause' }).click();
		await expect(b.page.getByRole('heading', { name: 'A pause' })).toBeVisible();
		await expect(a.page.getByRole('heading', { name: 'A pause' })).toBeVisible();
		await expect(a.page.getByText('Sam asked for a pause')).toBeVisible();
		await expectAccessible(a.page, 'checkin-pause');

		// Before B submits, neither A's screen nor any shared document holds B's words — nor A's.
		expect(await a.page.content()).not.toContain(B_MARK);
		const aShared = await savedBytes(a.page);
		const bShared = await savedBytes(b.page);
		expect(aShared).toContain('Either of us can pause.');
		expect(aShared).not.toContain(B_MARK);
		expect(bShared).not.toContain(B_MARK);
		expect(aShared).not.toContain(A_MARK);
		expect(bShared).not.toContain(A_MARK);

		// B continues; the draft is still there; B submits. Both see both, side by side.
		await b.page.getByRole('button', { name: 'Continue when you’re both ready' }).click();
		await expect(a.page.getByRole('heading', { name: 'Waiting for both answers' })).toBeVisible();
		await expect(b.page.getByRole('textbox', { name: 'What went well this week?' })).toHaveValue(
			`Dinner on Friday. ${B_MARK}`
		);
		await b.page.getByRole('button', { name: 'Submit my answers' }).click();
		for (const d of [a, b]) {
			await expect(d.page.getByRole('heading', { name: 'Both answers' })).toBeVisible();
			await expect(d.page.getByText(`Dinner on Friday. ${B_MARK}`)).toBeVisible();
			await expect(d.page.getByText(`The calls. ${A_MARK}`)).toBeVisible();
		}
		await expectAccessible(b.page, 'checkin-5-reveal');
		expect(await savedBytes(a.page)).toContain(B_MARK);

		// An answer changed after the reveal shows as edited.
		await a.page.getByRole('link', { name: 'Change my answers' }).click();
		await expect(a.page.getByRole('heading', { name: 'Your answers' })).toBeVisible();
		await a.page
			.getByRole('textbox', { name: 'What went well this week?' })
			.fill(`The calls, every one. ${A_MARK}`);
		await a.page.getByRole('button', { name: 'Share my changes' }).click();
		await expect(b.page.getByText(`The calls, every one. ${A_MARK}`)).toBeVisible();
		await expect(b.page.getByText('Alex edited their answers after the reveal')).toBeVisible();

		// Small victories, named by either, seen by both.
		for (const d of [a, b]) await next(d.page, 'Small victories');
		await b.page.getByLabel('Name a small victory').fill('Every evening call happened');
		await b.page.getByRole('button', { name: 'Add', exact: true }).click();
		await expect(a.page.getByText('Every evening call happened')).toBeVisible();
		await expectAccessible(a.page, 'checkin-6-victories');

		// Next week: an action item both see; it can become a contract proposal.
		for (const d of [a, b]) await next(d.page, 'Next week');
		await a.page.getByLabel('A step for next week').fill('Text when I leave work late');
		await a.page.getByRole('button', { name: 'Add to next week' }).click();
		const item = b.page.getByRole('list', { name: 'Action items for next week' });
		await expect(item.getByText('Text when I leave work late', { exact: true })).toBeVisible();
		const toProposal = item.getByRole('link', {
			name: 'Make it a contract proposal: Text when I leave work late'
		});
		await expect(toProposal).toBeVisible();
		await expectAccessible(b.page, 'checkin-7-next');
		// The step can become a contract proposal, quoted where it came from (opened in a new tab,
		// so the check-in stays where it is).
		const proposal = await b.context.newPage();
		await proposal.goto((await toProposal.getAttribute('href')) ?? '');
		await expect(
			proposal.getByRole('heading', { name: 'Make it part of the contract' })
		).toBeVisible();
		await expect(proposal.getByRole('region', { name: /^From the week of/ })).toContainText(
			'Text when I leave work late'
		);
		await expectAccessible(proposal, 'checkin-propose');
		await proposal.close();

		// Closing notes, then finish.
		for (const d of [a, b]) await next(d.page, 'Closing');
		await b.page.getByLabel('My note of appreciation').fill('Thank you for listening to the end.');
		await b.page.getByRole('button', { name: 'Share my note' }).click();
		await expect(a.page.getByText('Thank you for listening to the end.')).toBeVisible();
		await expectAccessible(a.page, 'checkin-8-closing');
		await a.page.getByRole('button', { name: 'Finish our check-in' }).click();
		for (const d of [a, b]) await expect(d.page.getByText('Finished together')).toBeVisible();

		// History: the check-in, its answers, and its action item's follow-up.
		await b.page.goto('/checkin/history');
		await expect(b.page.getByText('Finished together')).toBeVisible();
		await expectAccessible(b.page, 'checkin-history');
		await b.page.getByRole('link', { name: /^The week of/ }).click();
		await expect(b.page.getByText(`The calls, every one. ${A_MARK}`)).toBeVisible();
		await expect(b.page.getByText('Every evening call happened')).toBeVisible();
		await expectAccessible(b.page, 'checkin-summary');

		// Carried over to the next week until done; marked done by one, seen by the other.
		await a.page.goto('/checkin');
		const carried = a.page.getByRole('list', { name: 'Action items carried over' });
		await carried.getByRole('button', { name: 'Mark done: Text when I leave work late' }).click();
		await b.page.goto('/checkin/history');
		await expect(b.page.getByText('noted by Alex.')).toBeVisible();

		for (const d of [a, b]) expect(d.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});
