import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

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

/** Keeps every peer connection the page makes, so the test can ask which path each one took. */
async function watchPeerConnections(device: Device) {
	await device.context.addInitScript(() => {
		const Native = window.RTCPeerConnection;
		const seen: RTCPeerConnection[] = [];
		(window as unknown as { keptPeerConnections: RTCPeerConnection[] }).keptPeerConnections = seen;
		window.RTCPeerConnection = class extends Native {
			constructor(config?: RTCConfiguration) {
				super(config);
				seen.push(this);
			}
		};
	});
}

/** For each open peer connection: the kinds of address its chosen path uses, here and there. */
function chosenPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const all = (window as unknown as { keptPeerConnections: RTCPeerConnection[] })
			.keptPeerConnections;
		const paths: string[] = [];
		for (const pc of all.filter((c) => c.connectionState === 'connected')) {
			const stats = new Map<string, Record<string, unknown>>();
			(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
			for (const s of stats.values()) {
				if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
				const pair = stats.get(String(s.selectedCandidatePairId));
				const local = stats.get(String(pair?.localCandidateId));
				const remote = stats.get(String(pair?.remoteCandidateId));
				paths.push(`${local?.candidateType} to ${remote?.candidateType}`);
			}
		}
		return paths;
	});
}

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
	await watchPeerConnections(a);
	await watchPeerConnections(b);
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
		// Every connection each browser has open runs through an address the relay handed it.
		for (const device of [a, b]) {
			await expect
				.poll(async () => {
					const paths = await chosenPaths(device.page);
					return paths.length > 0 && paths.every((p) => p.startsWith('relay to '));
				})
				.toBe(true);
		}
		expect(turnLog).toMatch(/ALLOCATE processed, success/);
	} finally {
		await closeDevices(a, b);
	}
});
