import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { createApp, type App } from './app';

const POLICY = "default-src 'self'; script-src 'self' 'sha256-abc='; base-uri 'none'";
const INDEX = `<!doctype html><html><head><meta charset="utf-8" />
<meta http-equiv="content-security-policy" content="${POLICY}">
<title>Kept</title></head><body><script>boot()</script></body></html>`;

let root: string;
let app: App;
let base: string;

function put(path: string, content: string | Buffer): void {
	mkdirSync(dirname(join(root, path)), { recursive: true });
	writeFileSync(join(root, path), content);
}

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'kept-app-'));
	put('index.html', INDEX);
	put('index.html.br', brotliCompressSync(INDEX));
	put('sw.js', 'self.skipWaiting();');
	put('manifest.webmanifest', '{"name":"Kept"}');
	put('_app/immutable/entry/start.abc123.js', 'export {};');
	put('_app/version.json', '{"version":"1"}');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function start(options: Parameters<typeof createApp>[0] = {}): Promise<void> {
	app = createApp({ root, port: 0, host: '127.0.0.1', ...options });
	base = await app.listen();
}

afterEach(() => app.close());

function get(path: string, init?: RequestInit): Promise<Response> {
	return fetch(base + path, init);
}

function expectSecurityHeaders(response: Response): void {
	expect(response.headers.get('referrer-policy')).toBe('no-referrer');
	expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	expect(response.headers.get('x-frame-options')).toBe('DENY');
	expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
	expect(response.headers.get('permissions-policy')).toContain('geolocation=()');
	// Served over plain HTTP here: no HSTS, which would pin a host that has no TLS.
	expect(response.headers.get('strict-transport-security')).toBeNull();
}

/** A socket to the app; it presents the app's own origin, as the app's pages do. */
function openSocket(path: string, options: ClientOptions = { origin: base }): Promise<WebSocket> {
	const ws = new WebSocket(base.replace(/^http/, 'ws') + path, options);
	return new Promise((done, fail) => {
		ws.once('open', () => done(ws));
		ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
		ws.once('error', fail);
	});
}

describe('static files', () => {
	test('/ serves index.html with the build CSP as a header, security headers and no-cache', async () => {
		await start();
		const response = await get('/');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(response.headers.get('content-security-policy')).toBe(
			`${POLICY}; frame-ancestors 'none'`
		);
		expect(response.headers.get('cache-control')).toBe('no-cache');
		expectSecurityHeaders(response);
		expect(await response.text()).toBe(INDEX);
	});

	test('an unknown route falls back to the app shell, uncached', async () => {
		await start();
		const response = await get('/join?room=abc');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(response.headers.get('cache-control')).toBe('no-cache');
		expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(await response.text()).toBe(INDEX);
	});

	test.each(['/_app/x.js', '/_app/immutable/gone.js', '/_app/nothing', '/logo.png', '/a.css'])(
		'a missing file %s is 404, never HTML',
		async (path) => {
			await start();
			const response = await get(path);
			expect(response.status).toBe(404);
			expect(response.headers.get('content-type')).toBe('text/plain');
			expect(response.headers.get('cache-control')).toBe('no-store');
			expectSecurityHeaders(response);
		}
	);

	test('the manifest is application/manifest+json', async () => {
		await start();
		const response = await get('/manifest.webmanifest');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/manifest+json');
		expect(response.headers.get('content-security-policy')).toBeNull();
	});

	test('sw.js must revalidate and runs under the page’s CSP; hashed files under /_app/immutable/ are cached for good', async () => {
		await start();
		const worker = await get('/sw.js');
		expect(worker.headers.get('cache-control')).toBe('no-cache');
		expect(worker.headers.get('content-type')).toMatch(/javascript/);
		expect(worker.headers.get('content-security-policy')).toBe(`${POLICY}; frame-ancestors 'none'`);
		const chunk = await get('/_app/immutable/entry/start.abc123.js');
		expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expectSecurityHeaders(chunk);
	});

	test('precompressed files are served to clients that accept them', async () => {
		await start();
		const encoding = await new Promise<string | undefined>((done, fail) => {
			request(base + '/', { headers: { 'accept-encoding': 'br' } }, (res) => {
				res.resume();
				done(res.headers['content-encoding']);
			})
				.on('error', fail)
				.end();
		});
		expect(encoding).toBe('br');
	});

	test('a revalidation answered with 304 keeps the headers', async () => {
		await start();
		const first = await get('/');
		const etag = first.headers.get('etag') ?? '';
		const second = await get('/', { headers: { 'if-none-match': etag } });
		expect(second.status).toBe(304);
		expect(second.headers.get('cache-control')).toBe('no-cache');
		expectSecurityHeaders(second);
	});

	test('only GET and HEAD are allowed', async () => {
		await start();
		const response = await get('/', { method: 'POST', body: 'x' });
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET, HEAD');
	});

	test('a root without index.html is refused at start-up', () => {
		expect(() => createApp({ root: join(root, 'missing') })).toThrow(/No build found/);
		app = createApp({ root, port: 0 });
	});
});

describe('signaling on the same port', () => {
	test('/signal relays between two clients', async () => {
		await start();
		const [a, b] = await Promise.all([openSocket('/signal'), openSocket('/signal')]);
		for (const ws of [a, b]) ws.send(JSON.stringify({ type: 'subscribe', topics: ['room'] }));
		const nextFrame = (ws: WebSocket) =>
			new Promise((done) => ws.once('message', (data) => done(JSON.parse(`${data}`))));
		// a's subscribe is handled before its own publish, but b's may not be yet: wait for a pong.
		const pong = nextFrame(b);
		b.send(JSON.stringify({ type: 'ping' }));
		expect(await pong).toEqual({ type: 'pong' });
		const received = nextFrame(b);
		a.send(JSON.stringify({ type: 'publish', topic: 'room', data: 'hi' }));
		expect(await received).toMatchObject({ type: 'publish', data: 'hi', clients: 2 });
	});

	test('the server’s own origin and configured ones connect; others get 403', async () => {
		await start({ allowedOrigins: ['https://kept.example'] });
		const port = new URL(base).port;
		await expect(openSocket('/signal', { origin: base })).resolves.toBeInstanceOf(WebSocket);
		await expect(
			openSocket('/signal', { origin: `http://localhost:${port}` })
		).resolves.toBeInstanceOf(WebSocket);
		await expect(openSocket('/signal', { origin: 'https://kept.example' })).resolves.toBeInstanceOf(
			WebSocket
		);
		await expect(openSocket('/signal', { origin: 'https://evil.example' })).rejects.toThrow(
			'HTTP 403'
		);
	});

	test('ALLOWED_ORIGINS adds origins when none are passed', async () => {
		process.env.ALLOWED_ORIGINS = 'https://a.example, https://b.example';
		try {
			await start();
		} finally {
			delete process.env.ALLOWED_ORIGINS;
		}
		await expect(openSocket('/signal', { origin: 'https://b.example' })).resolves.toBeInstanceOf(
			WebSocket
		);
		await expect(openSocket('/signal', { origin: 'https://c.example' })).rejects.toThrow(
			'HTTP 403'
		);
	});

	test('upgrades on any other path are dropped', async () => {
		await start();
		await expect(openSocket('/elsewhere')).rejects.toThrow(/socket hang up/);
	});

	test('close() ends open sockets and keep-alive connections promptly', async () => {
		await start();
		const ws = await openSocket('/signal');
		await (await get('/')).text();
		const closed = new Promise((done) => ws.on('close', done));
		const started = performance.now();
		await app.close();
		await closed;
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

describe('admission at the door', () => {
	test('a program without an Origin is refused unless the operator allows such clients', async () => {
		await start();
		await expect(openSocket('/signal', {})).rejects.toThrow('HTTP 403');
		await app.close();
		await start({ allowNonBrowserClients: true });
		await expect(openSocket('/signal', {})).resolves.toBeInstanceOf(WebSocket);
	});

	test('a request whose headers never finish is closed after the header timeout', async () => {
		await start({ headersTimeoutMs: 300 });
		const { port } = new URL(base);
		const socket = connectTcp(Number(port), '127.0.0.1');
		socket.on('error', () => {});
		await new Promise((done) => socket.once('connect', done));
		socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
		const started = performance.now();
		const reply = await new Promise<string>((done) => {
			let text = '';
			socket.on('data', (chunk) => (text += chunk));
			socket.once('close', () => done(text));
		});
		// Node answers 408 and hangs up; a couple's own requests meanwhile are served.
		expect(reply).toMatch(/^HTTP\/1\.1 408/);
		expect(performance.now() - started).toBeLessThan(3000);
		expect((await get('/')).status).toBe(200);
	});

	test('one address cannot hold more than its share of connections', async () => {
		await start({ maxSocketsPerAddress: 3 });
		const { port } = new URL(base);
		const held = await Promise.all(
			Array.from({ length: 3 }, async () => {
				const socket = connectTcp(Number(port), '127.0.0.1');
				await new Promise((done) => socket.once('connect', done));
				return socket;
			})
		);
		const extra = connectTcp(Number(port), '127.0.0.1');
		extra.on('error', () => {});
		await new Promise((done) => extra.once('close', done));
		// Another address (all of 127.0.0.0/8 is this machine) is still served.
		const other = await new Promise<number>((done, fail) => {
			request(`${base}/`, { localAddress: '127.0.0.2' }, (res) => {
				res.resume();
				done(res.statusCode ?? 0);
			})
				.on('error', fail)
				.end();
		});
		expect(other).toBe(200);
		for (const socket of held) socket.destroy();
		expect(app.metrics.render()).toContain('kept_http_refusals_total{reason="address-sockets"} 1');
	});
});

describe('operations', () => {
	test('/healthz answers ok while serving', async () => {
		await start();
		const response = await get('/healthz');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	test('/metrics counts connections, rooms, messages and refusals, and names no room, token or address', async () => {
		await start({ metricsToken: 'operator-secret' });
		expect((await get('/metrics')).status).toBe(401);
		expect((await get('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
			401
		);
		const topic = 'k2-' + createHash('sha256').update('room-token').digest('hex');
		const [a, b] = await Promise.all([openSocket('/signal'), openSocket('/signal')]);
		for (const ws of [a, b]) {
			ws.send(JSON.stringify({ type: 'subscribe', topics: [topic], tokens: ['room-token'] }));
		}
		const heard = new Promise((done) =>
			b.on('message', (data) => String(data).includes('hi') && done(data))
		);
		await new Promise((done) => setTimeout(done, 50));
		a.send(JSON.stringify({ type: 'publish', topic, data: 'hi' }));
		await heard;
		await expect(openSocket('/signal', { origin: 'https://evil.example' })).rejects.toThrow();

		const response = await get('/metrics', {
			headers: { authorization: 'Bearer operator-secret' }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await response.text();
		expect(text).toContain('kept_signal_connections 2');
		expect(text).toContain('kept_signal_rooms 1');
		expect(text).toContain('kept_signal_messages_total 1');
		expect(text).toContain('kept_signal_refusals_total{reason="origin"} 1');
		for (const secret of [topic, 'room-token', '127.0.0.1', 'evil.example']) {
			expect(text).not.toContain(secret);
		}
	});

	test('over TLS (through a trusted proxy that says so) pages carry Strict-Transport-Security', async () => {
		await start({ trustedProxies: ['127.0.0.1'] });
		const secure = await get('/', { headers: { 'x-forwarded-proto': 'https' } });
		expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const plain = await get('/');
		expect(plain.headers.get('strict-transport-security')).toBeNull();
	});

	test('an untrusted client cannot claim TLS', async () => {
		await start();
		const response = await get('/', { headers: { 'x-forwarded-proto': 'https' } });
		expect(response.headers.get('strict-transport-security')).toBeNull();
	});
});
