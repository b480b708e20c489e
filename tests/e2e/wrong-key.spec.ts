import { expect, test } from '@playwright/test';
import { parseInvite, randomToken, toInviteLink } from '../../src/lib/sync/invite';
import { deviceKeys } from './journal-helpers';
import { baseURL, closeDevices, createSpace, launchDevice } from './peers';

test('a partner with an outdated key never reaches the space; the creator stays calm and the partner is told what may help', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		const parsed = parseInvite(link);
		if (!parsed.ok || parsed.invite.kind !== 'partner-once') throw new Error('unreadable invite');
		// Another valid key: what an old or mixed-up invite looks like. The room on the signaling
		// server follows the key, so this device never even meets Alex's.
		const stale = toInviteLink({ ...parsed.invite, key: randomToken(32) }, new URL(link).origin);

		await b.page.goto(stale);
		await b.page.getByLabel('Your name').fill('Sam');
		await b.page.getByRole('button', { name: 'Join our space' }).click();

		await expect(b.page.getByTestId('sync-status').first()).toContainText(
			'Looking for your partner'
		);
		await expect(b.page.getByText('the invite may be out of date')).toBeVisible({
			timeout: 60_000
		});
		await expect(b.page.getByRole('heading', { name: /Alex/ })).toHaveCount(0);
		await a.page.getByRole('link', { name: 'Home' }).click();
		await expect(a.page.getByRole('heading', { name: 'Your shared space' })).toBeVisible();
		await expect(a.page.getByTestId('sync-status').first()).toContainText('Not paired yet');
		await expect(a.page.getByText(/different key|old invite/)).toHaveCount(0);

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('a tampered invite link is refused with a calm message, kept in the field with the change marked, and nothing is created', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		const [head, code] = link.split('#');
		const parts = code.split('.');
		parts[2] = parts[2].slice(0, 10) + (parts[2][10] === 'A' ? 'B' : 'A') + parts[2].slice(11);
		await b.page.goto(`${head}#${parts.join('.')}`);
		await expect(b.page.getByRole('alert')).toContainText('Ask for a fresh one');
		await expect(b.page.getByRole('button', { name: 'Join our space' })).toHaveCount(0);
		// What was opened stays in the field, with the changed character marked.
		const tampered = `${head}#${parts.join('.')}`;
		await expect(b.page.getByLabel('Invite link or code')).toHaveValue(tampered);
		const changed = parts.slice(0, 2).join('.').length + 1 + 10;
		await expect(b.page.getByTestId('invite-damage').locator('mark')).toHaveText(
			parts.join('.')[changed]
		);
		await expect(b.page.getByTestId('invite-damage')).toHaveText(parts.join('.'));
		// Fixing that one character is enough to join.
		await b.page.getByLabel('Invite link or code').fill(link);
		await b.page.getByRole('button', { name: 'Continue' }).click();
		await expect(b.page.getByRole('button', { name: 'Join our space' })).toBeVisible();
		expect(await b.page.evaluate(() => localStorage.length)).toBe(0);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
	}
});

test('an own device with a mismatched journal key is told so calmly, and the shared space still syncs', async () => {
	const a = await launchDevice('A');
	const a2 = await launchDevice('A2');
	try {
		await createSpace(a.page, 'Alex');
		// A device link from before one-time links (it carried the keys), with another journal key.
		const keys = await deviceKeys(a.page);
		const stale = toInviteLink(
			{
				kind: 'device',
				room: keys.room,
				key: keys.key,
				partnerId: keys.me,
				journal: { room: keys.journal.room, key: randomToken(32) }
			},
			baseURL
		);
		await a2.page.goto(stale);
		await a2.page.getByRole('button', { name: 'Add this device' }).click();
		await expect(a2.page.getByRole('heading', { name: 'Hello, Alex' })).toBeVisible({
			timeout: 30_000
		});
		await expect(
			a2.page.getByText('Your journal isn’t syncing between your own devices')
		).toBeVisible({
			timeout: 30_000
		});
		await expect(a2.page.getByText('sealed with a different key')).toHaveCount(0);
		expect(a.consoleErrors).toEqual([]);
		expect(a2.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, a2);
	}
});
