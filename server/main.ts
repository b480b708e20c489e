import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { join, resolve } from 'node:path';
import { connectRedis, type RedisShared } from './redis';
import { openPostgresStore } from './relay/postgres';
import { openSqliteStore } from './relay/sqlite';
import type { MailboxStore } from './relay/store';

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

// The mailbox: PostgreSQL with $KEPT_DATABASE_URL (or $DATABASE_URL), shared by every instance;
// otherwise one SQLite file in $KEPT_DATA_DIR (created on start; ./data by default).
const databaseUrl = process.env.KEPT_DATABASE_URL || process.env.DATABASE_URL;
let store: MailboxStore;
try {
	store = databaseUrl
		? await openPostgresStore(databaseUrl)
		: openSqliteStore(join(resolve(process.env.KEPT_DATA_DIR || 'data'), 'relay.sqlite'));
} catch (error) {
	const where = databaseUrl
		? 'PostgreSQL at KEPT_DATABASE_URL'
		: 'the mailbox file in KEPT_DATA_DIR';
	console.error(`Could not open ${where}: ${(error as Error).message}`);
	process.exit(1);
}

const app = createApp({
	root: fileURLToPath(new URL('../build', import.meta.url)),
	port,
	host: process.env.HOST ?? '127.0.0.1',
	signal: shared ? { bus: shared.bus, limiter: shared.limiter } : {},
	relay: { store, notifier: shared?.notifier }
});

try {
	const url = (await app.listen()).replace(/\/\/(127\.0\.0\.1|\[::1\]):/, '//localhost:');
	const rooms = shared ? 'rooms shared through Redis' : 'rooms in this process';
	const mode = `${rooms}, mailbox in ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`;
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
