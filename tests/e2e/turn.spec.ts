import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { closeDevices, createSpace, expectConnected, joinFromLink, launchDevice } from './peers';

/**
 * Phones on mobile data often cannot reach each other directly. With coturn (Debian's
 * package) on loopback and both browsers told to use only the relay, they still sync.
 */
const TURN_PORT = 34780;
const TURN_URL = `turn:127.0.0.1:${TURN_PORT} kept relay-secret`;

let turn: ChildProcess | undefined;
let turnLog = '';

test.beforeAll(async () => {
	expect(
		existsSync('/usr/bin/turnserver'),
		'coturn is needed for this test: sudo apt-get install -y coturn'
	).toBe(true);
	// stdbuf: coturn's log is block-buffered on a pipe; line buffering lets the test read it live.
	turn = spawn(
		'stdbuf',
		[
			'-oL',
			'-eL',
			'/usr/bin/turnserver',
			'-n',
			'--listening-ip=127.0.0.1',
			'--relay-ip=127.0.0.1',
			`--listening-port=${TURN_PORT}`,
			'--min-port=49160',
			'--max-port=49200',
			'--lt-cred-mech',
			'--user=kept:relay-secret',
			'--realm=kept.test',
			'--allow-loopback-peers',
			'--no-tls',
			'--no-dtls',
			'--no-cli',
			'--log-file=stdout',
			'--simple-log',
			'--verbose'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	turn.stdout?.on('data', (d) => (turnLog += String(d)));
	turn.stderr?.on('data', (d) => (turnLog += String(d)));
	await expect.poll(() => turnLog).toContain('listener opened on');
});

test.afterAll(() => {
	turn?.kill('SIGTERM');
});

async function useRelayOnly(page: Page) {
	await page.goto('/settings');
	await page.getByText('Connection settings', { exact: true }).click();
	await page.getByLabel('STUN and TURN servers').fill(TURN_URL);
	await page.getByLabel('Connect only through the TURN server').check();
	await page.getByRole('button', { name: 'Save connection settings' }).click();
	await expect(page.getByText('Saved. Reconnecting with these settings.')).toBeVisible();
}

test('two browsers that may only use a TURN relay still pair and sync', async () => {
	const a = await launchDevice('A');
	const b = await launchDevice('B');
	try {
		const link = await createSpace(a.page, 'Alex');
		await useRelayOnly(a.page);
		await joinFromLink(b.page, link, 'Sam');
		await useRelayOnly(b.page);
		await expectConnected(b.page, 'Alex');
		await expectConnected(a.page, 'Sam');

		await a.page.getByLabel('My name').fill('Alex, via the relay');
		await a.page.getByRole('button', { name: 'Save name' }).click();
		await expect(b.page.getByTestId('sync-status').first()).toContainText(
			'Connected to Alex, via the relay'
		);
		// Both reached each other only through relayed addresses the TURN server handed out.
		// Both browsers took relayed addresses from the TURN server; with a relay-only policy
		// those are the only addresses they could reach each other by.
		await expect
			.poll(() => turnLog.match(/ALLOCATE processed, success/g)?.length ?? 0)
			.toBeGreaterThanOrEqual(2);
	} finally {
		await closeDevices(a, b);
	}
});
