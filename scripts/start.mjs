// `npm start`: build the app if the build is missing or stale, then serve it with signaling.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts'];

/**
 * @param {string} path
 * @returns {number} the newest modification time at or below path; 0 if it does not exist
 */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.mtimeMs;
	return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

function isBuildStale() {
	const index = join(root, 'build', 'index.html');
	if (!existsSync(index)) return true;
	const built = statSync(index).mtimeMs;
	return sources.some((source) => newest(join(root, source)) > built);
}

let interrupted = false;

/** @returns {Promise<number>} the build's exit code */
function build() {
	const vite = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		stdio: 'inherit'
	});
	// Ctrl+C reaches vite through the terminal's process group; SIGTERM we pass on ourselves.
	const stop = () => {
		interrupted = true;
		vite.kill('SIGTERM');
	};
	process.on('SIGINT', stop).on('SIGTERM', stop);
	return new Promise((done) => {
		vite.on('exit', (code, signal) => {
			process.off('SIGINT', stop).off('SIGTERM', stop);
			done(signal ? 1 : (code ?? 1));
		});
	});
}

if (isBuildStale()) {
	console.log('Building Kept first (the build is missing or older than the sources)…');
	const code = await build();
	if (interrupted) process.exit(130);
	if (code !== 0) {
		console.error('The build failed, so the server was not started. The output above says why.');
		process.exit(code);
	}
}

// In this process rather than a child, so signals and exit codes need no relaying. tsconfig is
// skipped: the app's extends .svelte-kit/tsconfig.json, which may not exist yet, and the server
// needs none of it.
const { tsImport } = await import('tsx/esm/api');
await tsImport('../server/main.ts', { parentURL: import.meta.url, tsconfig: false });
