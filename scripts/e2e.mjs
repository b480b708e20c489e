// Builds the app and runs the Playwright suite. Where the machine allows it (root, with
// `unshare`), the suite runs in a network namespace that has only loopback, so no WebRTC
// or other packet can leave the machine.
import { spawnSync } from 'node:child_process';
import { findChromium, howToGetChromium } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
	console.error(howToGetChromium);
	process.exit(1);
}
const env = { ...process.env, CHROMIUM: chromium };
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv
	.slice(2)
	.map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
	.join(' ');
const playwright = `npx playwright test ${args}`;
const isolated =
	process.getuid?.() === 0 &&
	spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0 &&
	spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
if (!isolated) {
	console.log('(Loopback-only network namespace unavailable here; running on the normal network.)');
}
const result = isolated
	? spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && ${playwright}`], {
			stdio: 'inherit',
			env
		})
	: spawnSync('sh', ['-c', playwright], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
