// npm run bench: builds the app, then measures it in real Chromium processes against our own
// server — inside a loopback-only network namespace where the machine allows it.
import { spawnSync } from 'node:child_process';
import { findChromium, howToGetChromium } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
	console.error(howToGetChromium);
	process.exit(1);
}
const env = { ...process.env, CHROMIUM: chromium, E2E_PORT: process.env.E2E_PORT ?? '4193' };
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

// 10,000 signaling clients (and, in `signal`, their server too) need more open files than the
// default: as many as the hard limit allows.
const command = `ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 8192 2>/dev/null || true; node --import tsx scripts/bench/run.ts ${process.argv.slice(2).join(' ')}`;
const isolated =
	process.getuid?.() === 0 &&
	spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
const result = isolated
	? spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && ${command}`], {
			stdio: 'inherit',
			env
		})
	: spawnSync('sh', ['-c', command], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
