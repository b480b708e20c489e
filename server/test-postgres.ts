/**
 * A real PostgreSQL for tests, from Debian's package: a fresh cluster in a temporary folder, on a
 * free loopback port, trusting local connections. Started and stopped by the test itself, never
 * a system service. As root, it runs as the `postgres` user (PostgreSQL refuses root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './test-redis';

/** A running PostgreSQL. */
export interface TestPostgres {
	url: string;
	stop(): Promise<void>;
}

function binDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'postgres')));
}

/** The uid and gid to run as: `postgres` when we are root, else ourselves. */
function owner(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres']).stdout.toString());
	return { uid: id('-u'), gid: id('-g') };
}

/** Starts PostgreSQL (installed by .ci/run) with an empty cluster. */
export async function startPostgres(): Promise<TestPostgres> {
	const bin = binDir();
	if (!bin) {
		throw new Error(
			'PostgreSQL is not installed: sudo apt-get install -y postgresql (.ci/run does this).'
		);
	}
	const dir = mkdtempSync(join(tmpdir(), 'kept-pg-'));
	const as = owner();
	if (as) chownSync(dir, as.uid, as.gid);
	const data = join(dir, 'data');
	const init = spawnSync(
		join(bin, 'initdb'),
		['-D', data, '-U', 'kept', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ ...as, cwd: dir }
	);
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
	const port = await freePort();
	const child: ChildProcess = spawn(
		join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off'
		],
		{ ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	await new Promise<void>((done, fail) => {
		let output = '';
		const timer = setTimeout(() => fail(new Error(`postgres did not start:\n${output}`)), 20_000);
		const read = (chunk: Buffer) => {
			output += chunk;
			if (/ready to accept connections/.test(output)) {
				clearTimeout(timer);
				done();
			}
		};
		child.stdout?.on('data', read);
		child.stderr?.on('data', read);
		child.once('exit', () => {
			clearTimeout(timer);
			fail(new Error(`postgres exited:\n${output}`));
		});
	});
	return {
		url: `postgres://kept@127.0.0.1:${port}/postgres`,
		async stop() {
			child.kill('SIGINT');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
