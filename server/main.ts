import { fileURLToPath } from 'node:url';
import { createApp } from './app';

const port = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`PORT must be a whole number from 0 to 65535 (it is "${process.env.PORT}").`);
	process.exit(1);
}

const app = createApp({
	root: fileURLToPath(new URL('../build', import.meta.url)),
	port,
	host: process.env.HOST ?? '127.0.0.1'
});

try {
	const url = (await app.listen()).replace(/\/\/(127\.0\.0\.1|\[::1\]):/, '//localhost:');
	console.log(`Kept is running at ${url} (signaling at ${url.replace(/^http/, 'ws')}/signal)`);
} catch (error) {
	const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
	console.error(inUse ? `Port ${port} is in use; set PORT to choose another.` : error);
	process.exit(1);
}

let stopping = false;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
	process.on(name, () => {
		// A second Ctrl+C means "now", even if closing is somehow stuck.
		if (stopping) process.exit(1);
		stopping = true;
		void app.close().then(() => process.exit(0));
	});
}
