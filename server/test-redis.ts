/**
 * A real redis-server for tests: its own temporary folder, a free loopback port, nothing saved
 * to disk. Started and stopped by the test itself, never a system service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running redis-server. */
export interface TestRedis {
	url: string;
	port: number;
	/** Stops it and removes its folder. */
	stop(): Promise<void>;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
	const { port } = probe.address() as { port: number };
	await new Promise((done) => probe.close(done));
	return port;
}

/** Starts redis-server (installed from Debian's packages by .ci/run) on a free port. */
export async function startRedis(): Promise<TestRedis> {
	if (spawnSync('redis-server', ['--version']).status !== 0) {
		throw new Error(
			'redis-server is not installed: sudo apt-get install -y redis-server (.ci/run does this).'
		);
	}
	const dir = mkdtempSync(join(tmpdir(), 'kept-redis-'));
	const port = await freePort();
	const child: ChildProcess = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--logfile',
			''
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	await new Promise<void>((done, fail) => {
		let output = '';
		const timer = setTimeout(
			() => fail(new Error(`redis-server did not start:\n${output}`)),
			10_000
		);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk;
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				done();
			}
		});
		child.once('exit', () => {
			clearTimeout(timer);
			fail(new Error(`redis-server exited:\n${output}`));
		});
	});
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		async stop() {
			child.kill('SIGTERM');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
