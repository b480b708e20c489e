import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { isSecureRequest, normalizeAddress, trustedProxySet } from './address';
import {
	contentSecurityPolicy,
	IMMUTABLE_CACHE,
	isPagePath,
	SECURITY_HEADERS,
	STRICT_TRANSPORT_SECURITY
} from './headers';
import { Metrics } from './metrics';
import { iceConfigFromEnv, type IceConfig } from './relay/ice';
import { createLocalNotifier, type MailboxNotifier } from './relay/notifier';
import { createRelay, type Relay, type RelayLimits } from './relay/routes';
import { openSqliteStore } from './relay/sqlite';
import type { MailboxStore } from './relay/store';
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
	/** Proxies trusted to name the client in X-Forwarded-For; defaults to $TRUSTED_PROXIES. */
	trustedProxies?: readonly string[];
	/** Programs that send no Origin may use /signal; defaults to $ALLOW_NON_BROWSER_CLIENTS=1. */
	allowNonBrowserClients?: boolean;
	/** When set, /metrics asks for `Authorization: Bearer <token>`; defaults to $METRICS_TOKEN. */
	metricsToken?: string;
	/** Signaling connections at once; defaults to $MAX_CONNECTIONS, else 10,000. */
	maxConnections?: number;
	/** TCP connections one address may hold open (HTTP and WebSocket alike). */
	maxSocketsPerAddress?: number;
	/** How long a client may take to send a request's headers, and the whole request. */
	headersTimeoutMs?: number;
	requestTimeoutMs?: number;
	/** The mailbox under /relay/v1: its store (by default SQLite in memory), ICE and limits. */
	relay?: {
		store?: MailboxStore;
		notifier?: MailboxNotifier;
		ice?: IceConfig;
		limits?: Partial<RelayLimits>;
		now?: () => number;
	};
	/** Limits and hooks passed on to the signaling server. */
	signal?: Omit<SignalServerOptions, 'allowedOrigins' | 'metrics'>;
}

/** The HTTP server for the app shell with the signaling server on the same port. */
export interface App {
	server: Server;
	signal: SignalServer;
	relay: Relay;
	/** Every counter of this process, served at /metrics; other parts may add theirs. */
	metrics: Metrics;
	/** Resolves with the URL the server actually listens on. */
	listen(): Promise<string>;
	/** Stops serving and drops every open connection. */
	close(): Promise<void>;
}

const SIGNAL_PATH = '/signal';
/** Room for the app's own requests beside the signaling connections. */
const HTTP_HEADROOM = 1024;

/** Serves the static build and signaling at /signal on one port. */
export function createApp({
	root = 'build',
	port = 4173,
	host = process.env.HOST ?? '127.0.0.1',
	allowedOrigins = splitList(process.env.ALLOWED_ORIGINS),
	trustedProxies = splitList(process.env.TRUSTED_PROXIES),
	allowNonBrowserClients = process.env.ALLOW_NON_BROWSER_CLIENTS === '1',
	metricsToken = process.env.METRICS_TOKEN || undefined,
	maxConnections = Number(process.env.MAX_CONNECTIONS) || 10_000,
	maxSocketsPerAddress = 128,
	headersTimeoutMs = 10_000,
	requestTimeoutMs = 20_000,
	signal: signalOptions = {},
	relay: relayOptions = {}
}: AppOptions = {}): App {
	const directory = resolve(root);
	const csp = contentSecurityPolicy(readIndexHtml(directory));
	// sirv's own SPA mode would decide the fallback by its own rules; we want one rule
	// (isPagePath) for both "falls back to the shell" and "is HTML, so gets the CSP".
	const serve = sirv(directory, { etag: true, brotli: true, gzip: true });
	const extraOrigins = new Set(allowedOrigins.map(normalizeOrigin));
	const trusted = trustedProxySet(trustedProxies);
	const metrics = new Metrics();
	const notifier = relayOptions.notifier ?? createLocalNotifier();
	const relay = createRelay({
		store: relayOptions.store ?? openSqliteStore(':memory:'),
		notifier,
		ice: relayOptions.ice ?? iceConfigFromEnv(),
		metrics,
		trustedProxies: trusted,
		limits: relayOptions.limits,
		now: relayOptions.now
	});

	const server = createServer(
		{
			// A request must arrive whole and soon: a client sending its headers a byte at a time
			// would otherwise hold a connection for minutes. Checked every second, not every 30.
			headersTimeout: headersTimeoutMs,
			requestTimeout: requestTimeoutMs,
			connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
			keepAliveTimeout: 5_000
		},
		(req, res) => {
			for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
			if (isSecureRequest(req, trusted)) {
				res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
			}
			if (relay.handle(req, res, pathOf(req.url))) return;
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
				res.end('Method not allowed');
				return;
			}
			const pathname = pathOf(req.url);
			if (pathname === '/healthz') return health(res);
			if (pathname === '/metrics') return metricsPage(req, res);
			serveFile(req, res, pathname);
		}
	);
	// Past this the kernel's backlog holds new connections; each signaling socket is one.
	server.maxConnections = maxConnections + HTTP_HEADROOM;

	const socketsByAddress = new Map<string, number>();
	const httpRefusals = metrics.counter(
		'kept_http_refusals_total',
		'TCP connections refused before any request, by reason.'
	);
	metrics.gauge('kept_http_sockets', 'Open TCP connections.', () => openSockets);
	let openSockets = 0;
	server.on('connection', (socket: Socket) => {
		openSockets++;
		socket.once('close', () => openSockets--);
		const address = normalizeAddress(socket.remoteAddress ?? '');
		// A trusted proxy carries many clients; they are told apart per request instead.
		if (trusted.has(address)) return;
		const open = (socketsByAddress.get(address) ?? 0) + 1;
		socketsByAddress.set(address, open);
		socket.once('close', () => {
			const left = (socketsByAddress.get(address) ?? 1) - 1;
			if (left > 0) socketsByAddress.set(address, left);
			else socketsByAddress.delete(address);
		});
		if (open > maxSocketsPerAddress) {
			httpRefusals.inc({ reason: 'address-sockets' });
			socket.destroy();
		}
	});

	function health(res: ServerResponse): void {
		const ok = signal.healthy();
		res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ status: ok ? 'ok' : 'degraded' }));
	}

	function metricsPage(req: IncomingMessage, res: ServerResponse): void {
		if (metricsToken && !sameSecret(req.headers.authorization, `Bearer ${metricsToken}`)) {
			res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
			res.end('Unauthorized');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
		res.end(metrics.render());
	}

	function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string): void {
		const page = isPagePath(pathname);
		// Set before sirv runs: it answers 304s itself, and those need the same headers.
		res.setHeader(
			'Cache-Control',
			pathname.startsWith('/_app/immutable/') ? IMMUTABLE_CACHE : 'no-cache'
		);
		// The service worker runs under the policy of its own script's response.
		if (page || pathname === '/sw.js') res.setHeader('Content-Security-Policy', csp);
		if (pathname.endsWith('.webmanifest')) {
			res.setHeader('Content-Type', 'application/manifest+json');
		}
		serve(req, res, () => {
			if (!page) return notFound(res);
			req.url = '/index.html';
			serve(req, res, () => notFound(res));
		});
	}

	function ownOrigins(): string[] {
		const address = server.address();
		if (address === null || typeof address === 'string') return [];
		const hosts = ['localhost', '127.0.0.1', '[::1]', urlHost(host)];
		return hosts.map((name) => `http://${name}:${address.port}`);
	}

	const signal = createSignalServer({
		maxConnections,
		trustedProxies,
		allowNonBrowserClients,
		legacyTopics: process.env.SIGNAL_LEGACY_TOPICS !== '0',
		notifier,
		...signalOptions,
		metrics,
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
		relay,
		metrics,
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
			return new Promise<void>((done) => server.close(() => done())).then(() => relay.close());
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

/** Compares a presented secret in constant time, so its length and prefix don't leak. */
function sameSecret(given: string | undefined, expected: string): boolean {
	const a = Buffer.from(given ?? '');
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function notFound(res: ServerResponse): void {
	// An immutable 404 would stick in caches for a year.
	res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
	res.end('Not found');
}
