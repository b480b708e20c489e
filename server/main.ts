import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { join, resolve } from 'node:path';
import { connectRedis, type RedisShared } from './redis';
import { openSqliteStore } from './relay/sqlite';

const port = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`PORT must be a whole number from 0 to 65535 (it is "${process.env.PORT}").`);
	process.exit(1);
}

// With $REDIS_URL, rooms and limits are shared with every other instance using that Redis;
// without it, this process keeps them in memory (one instance serves everyone).
let shared: RedisShared | undefined;
if (process.env.REDIS_URL) {
	try {
		shared = await connectRedis(process.env.REDIS_URL);
	} catch (error) {
		console.error(`Could not reach Redis at REDIS_URL: ${(error as Error).message}`);
		process.exit(1);
	}
}

// The mailbox's SQLite file lives in $KEPT_DATA_DIR (created on start; ./data by default).
const dataDir = resolve(process.env.KEPT_DATA_DIR || 'data');
let store;
try {
	store = openSqliteStore(join(dataDir, 'relay.sqlite'));
} catch (error) {
	console.error(`Could not open the mailbox store in ${dataDir}: ${(error as Error).message}`);
	process.exit(1);
}

const app = createApp({
	root: fileURLToPath(new URL('../build', import.meta.url)),
	port,
	host: process.env.HOST ?? '127.0.0.1',
	signal: shared ? { bus: shared.bus, limiter: shared.limiter } : {},
	relay: { store }
});

try {
	const url = (await app.listen()).replace(/\/\/(127\.0\.0\.1|\[::1\]):/, '//localhost:');
	const mode = shared ? 'rooms shared through Redis' : 'rooms in this process';
	console.log(
		`Kept is running at ${url} (signaling at ${url.replace(/^http/, 'ws')}/signal; ${mode})`
	);
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
		void app
			.close()
			.then(() => shared?.limiter.close())
			.then(() => shared?.close())
			.then(() => process.exit(0));
	});
}
