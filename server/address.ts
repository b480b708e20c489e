import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request really came from: the socket's peer, or — only when that peer is one of
 * the operator's trusted proxies — the nearest address in X-Forwarded-For that is not itself a
 * trusted proxy. A client can write anything into X-Forwarded-For, so it is read only from the
 * right, and only behind a proxy the operator named.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
	const peer = normalizeAddress(req.socket.remoteAddress ?? '');
	if (!trustedProxies.has(peer)) return peer;
	const header = req.headers['x-forwarded-for'];
	const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
		.split(',')
		.map((hop) => normalizeAddress(hop.trim()))
		.filter((hop) => isIP(hop) !== 0);
	for (let i = hops.length - 1; i >= 0; i--) {
		if (!trustedProxies.has(hops[i])) return hops[i];
	}
	return hops[0] ?? peer;
}

/** Whether this request reached us over TLS, directly or through a trusted proxy that says so. */
export function isSecureRequest(
	req: IncomingMessage,
	trustedProxies: ReadonlySet<string>
): boolean {
	if ((req.socket as { encrypted?: boolean }).encrypted) return true;
	const peer = normalizeAddress(req.socket.remoteAddress ?? '');
	if (!trustedProxies.has(peer)) return false;
	const proto = req.headers['x-forwarded-proto'];
	const last = (Array.isArray(proto) ? proto.join(',') : (proto ?? '')).split(',').pop();
	return last?.trim().toLowerCase() === 'https';
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) and `1.2.3.4` are one address. */
export function normalizeAddress(address: string): string {
	const lower = address.toLowerCase();
	return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** The set of trusted proxies from a comma-separated list ($TRUSTED_PROXIES). */
export function trustedProxySet(list: readonly string[]): ReadonlySet<string> {
	return new Set(list.map((item) => normalizeAddress(item.trim())).filter(Boolean));
}

/**
 * A short, stable stand-in for an address, for shared stores (Redis): limits need to know that
 * two connections share an address, not which address it is.
 */
export function addressKey(address: string): string {
	return createHash('sha256')
		.update('kept-address/v1\0')
		.update(address)
		.digest('base64url')
		.slice(0, 22);
}
