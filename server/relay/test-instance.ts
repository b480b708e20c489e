/**
 * One server instance on the PostgreSQL mailbox store, as its own process, for the test that
 * kills an instance mid-upload. Prints "listening <url>" once ready.
 */
import { createApp } from '../app';
import { openPostgresStore } from './postgres';

const store = await openPostgresStore(process.env.KEPT_DATABASE_URL ?? '');
const app = createApp({
	root: process.env.KEPT_TEST_ROOT ?? 'build',
	port: 0,
	relay: { store, limits: { writesPerMinute: 1e6, requestsPerMinute: 1e6 } }
});
console.log(`listening ${await app.listen()}`);
