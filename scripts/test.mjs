// npm test: every check and every test — types, lint, unit tests, then the browser tests.
import { spawnSync } from 'node:child_process';
import { findChromium, howToGetChromium } from './chromium.mjs';

const chromium = findChromium();
if (!chromium) {
	console.error(howToGetChromium);
	process.exit(1);
}

function run(label, command, args, env = {}) {
	console.log(`\n▸ ${label}`);
	const result = spawnSync(command, args, {
		stdio: 'inherit',
		env: { ...process.env, CHROMIUM: chromium, ...env }
	});
	if (result.status !== 0) {
		console.error(`\n✗ ${label} failed.`);
		process.exit(result.status ?? 1);
	}
}

run('Type check', 'npm', ['run', '--silent', 'check']);
run('Lint', 'npm', ['run', '--silent', 'lint']);
run('Unit tests', 'npx', ['vitest', 'run', '--passWithNoTests=false']);
run('Browser tests', 'node', ['scripts/e2e.mjs', ...process.argv.slice(2)]);
console.log('\n✓ All checks and tests passed.');
