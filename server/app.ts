import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { contentSecurityPolicy, IMMUTABLE_CACHE, isPagePath, SECURITY_HEADERS } from './headers';
import {
	createSignalServer,
	normalizeOrigin,
	type SignalServer,
	type SignalServerOptions
} from './signal';

/** Where the static build lives and where to listen. */
export interface AppOptions {
	/** The static build (adapter-static output); read once at start-up. */
	root?: string;
	port?: number;
	host?: string;
	/** Extra browser origins for /signal, besides the server's own; defaults to $ALLOWED_ORIGINS. */
	allowedOrigins?: readonly string[];
	/** Limits and hooks passed on to the signaling server. */
	signal?: Omit<SignalServerOptions, 'allowedOrigins'>;
}

/** The HTTP server for the app shell with the signaling server on the same port. */
export interface App {
	server: Server;
	signal: SignalServer;
	/** Resolves with the URL the server actually listens on. */
	listen(): Promise<string>;
	/** Stops serving and drops every open connection. */
	close(): Promise<void>;
}

const SIGNAL_PATH = '/signal';

/** Serves the static build and signaling at /signal on one port. */
export function createApp({
	root = 'build',
	port = 4173,
	host = process.env.HOST ?? '127.0.0.1',
	allowedOrigins = splitList(process.env.ALLOWED_ORIGINS),
	signal: signalOptions = {}
}: AppOptions = {}): App {
	const directory = resolve(root);
	const csp = contentSecurityPolicy(readIndexHtml(directory));
	// sirv's own SPA mode would decide the fallback by its own rules; we want one rule
	// (isPagePath) for both "falls back to the shell" and "is HTML, so gets the CSP".
	const serve = sirv(directory, { etag: true, brotli: true, gzip: true });
	const extraOrigins = new Set(allowedOrigins.map(normalizeOrigin));

	const server = createServer((req, res) => {
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
			res.end('Method not allowed');
			return;
		}
		const pathname = pathOf(req.url);
		const page = isPagePath(pathname);
		// Set before sirv runs: it answers 304s itself, and those need the same headers.
		res.setHeader(
			'Cache-Control',
			pathname.startsWith('/_app/immutable/') ? IMMUTABLE_CACHE : 'no-cache'
		);
		if (page) res.setHeader('Content-Security-Policy', csp);
		if (pathname.endsWith('.webmanifest')) {
			res.setHeader('Content-Type', 'application/manifest+json');
		}
		serve(req, res, () => {
			if (!page) return notFound(res);
			req.url = '/index.html';
			serve(req, res, () => notFound(res));
		});
	});

	function ownOrigins(): string[] {
		const address = server.address();
		if (address === null || typeof address === 'string') return [];
		const hosts = ['localhost', '127.0.0.1', '[::1]', urlHost(host)];
		return hosts.map((name) => `http://${name}:${address.port}`);
	}

	const signal = createSignalServer({
		...signalOptions,
		allowedOrigins: (origin) => {
			const normalized = normalizeOrigin(origin);
			return extraOrigins.has(normalized) || ownOrigins().includes(normalized);
		}
	});

	server.on('upgrade', (req, socket, head) => {
		if (pathOf(req.url) === SIGNAL_PATH) return signal.handleUpgrade(req, socket, head);
		socket.destroy();
	});

	return {
		server,
		signal,
		listen() {
			return new Promise((done, fail) => {
				server.once('error', fail);
				server.listen(port, host, () => {
					server.off('error', fail);
					done(`http://${urlHost(host)}:${(server.address() as AddressInfo).port}`);
				});
			});
		},
		close() {
			signal.close();
			server.closeAllConnections();
			return new Promise((done) => server.close(() => done()));
		}
	};
}

function readIndexHtml(directory: string): string {
	try {
		return readFileSync(join(directory, 'index.html'), 'utf8');
	} catch {
		throw new Error(`No build found at ${join(directory, 'index.html')}; run "npm run build".`);
	}
}

function pathOf(url = '/'): string {
	const [pathname = '/'] = url.split(/[?#]/, 1);
	try {
		return decodeURI(pathname);
	} catch {
		return pathname;
	}
}

// Addresses that mean "every interface" are reached as localhost from this machine.
function urlHost(host: string): string {
	if (host === '' || host === '0.0.0.0' || host === '::') return 'localhost';
	return host.includes(':') ? `[${host}]` : host;
}

function splitList(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((item) => item.trim())
		.filter(Boolean);
}

function notFound(res: ServerResponse): void {
	// An immutable 404 would stick in caches for a year.
	res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
	res.end('Not found');
}
