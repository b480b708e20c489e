import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { freePort, startRedis, type TestRedis } from '../../server/test-redis';
import {
	closeDevices,
	createSpace,
	expectConnected,
	joinFromLink,
	launchDevice,
	type Device
} from './peers';

/** `npm start`'s server as its own process, on its own port, sharing rooms through Redis. */
async function startInstance(port: number, env: Record<string, string>): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((done, fail) => {
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk;
			if (output.includes('Kept is running')) done();
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.once('exit', () => fail(new Error(`The instance on ${port} stopped:\n${output}`)));
	});
	return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill('SIGTERM');
	await exited;
}

test('two browsers on two server instances that share rooms through Redis pair and sync', async () => {
	let redis: TestRedis | undefined;
	const instances: ChildProcess[] = [];
	let a: Device | undefined;
	let b: Device | undefined;
	try {
		redis = await startRedis();
		const ports = [await freePort(), await freePort()];
		const origins = ports.map((port) => `http://localhost:${port}`);
		for (const port of ports) {
			// Behind one load balancer both would serve one origin; here each has its own.
			const env = { REDIS_URL: redis.url, ALLOWED_ORIGINS: origins.join(',') };
			instances.push(await startInstance(port, env));
		}

		// Each device is served by one instance, as a load balancer might route them.
		[a, b] = await Promise.all([
			launchDevice('A', { baseURL: origins[0] }),
			launchDevice('B', { baseURL: origins[1] })
		]);
		const link = await createSpace(a.page, 'Alex');
		// Sam opens the same invite on the other instance.
		await joinFromLink(b.page, link.replace(origins[0], origins[1]), 'Sam');
		await expectConnected(b.page, 'Alex');
		await expectConnected(a.page, 'Sam');

		await a.page.goto('/settings');
		await a.page.getByLabel('My name').fill('Alex R.');
		await a.page.getByRole('button', { name: 'Save name' }).click();
		await expect(b.page.getByRole('heading', { name: 'You and Alex R.' })).toBeVisible();

		await b.page.goto('/settings');
		await b.page.getByLabel('My name').fill('Sam K.');
		await b.page.getByRole('button', { name: 'Save name' }).click();
		await a.page.goto('/');
		await expect(a.page.getByRole('heading', { name: 'You and Sam K.' })).toBeVisible();
		await expectConnected(a.page, 'Sam K.');

		expect(a.consoleErrors).toEqual([]);
		expect(b.consoleErrors).toEqual([]);
	} finally {
		await closeDevices(a, b);
		for (const child of instances) await stop(child);
		await redis?.stop();
	}
});
