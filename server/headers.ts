import { extname } from 'node:path';

/**
 * Sent on every response. Kept uses none of the powerful features below. Camera and microphone
 * stay allowed for the page itself: Chromium reveals a device's local addresses to WebRTC (rather
 * than mDNS names) only to a page that may use them, which two browsers on one machine need.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy': [
		'accelerometer=()',
		'camera=(self)',
		'display-capture=()',
		'geolocation=()',
		'gyroscope=()',
		'hid=()',
		'magnetometer=()',
		'microphone=(self)',
		'midi=()',
		'payment=()',
		'serial=()',
		'usb=()'
	].join(', ')
};

/** Sent over TLS only (a browser ignores it on plain HTTP, and it must not pin a test host). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Hashed build output under this prefix never changes, so browsers may keep it for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** Whether a path may fall back to the app shell; a path that names a file must 404 instead. */
export function isPagePath(pathname: string): boolean {
	if (pathname.startsWith('/_app/')) return false;
	const extension = extname(pathname);
	return extension === '' || extension === '.html' || extension === '.htm';
}

/**
 * The policy SvelteKit wrote into index.html's CSP meta tag (it carries the hash of the inline
 * bootstrap script), plus frame-ancestors, which browsers ignore in a meta tag.
 */
export function contentSecurityPolicy(indexHtml: string): string {
	const policy = readCspMeta(indexHtml)?.trim().replace(/;\s*$/, '');
	return policy ? `${policy}; frame-ancestors 'none'` : "frame-ancestors 'none'";
}

function readCspMeta(html: string): string | undefined {
	for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
		const attributes = new Map<string, string>();
		for (const [, name = '', double, single] of tag.matchAll(
			/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
		)) {
			attributes.set(name.toLowerCase(), decodeEntities(double ?? single ?? ''));
		}
		if (attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy') {
			return attributes.get('content');
		}
	}
	return undefined;
}

function decodeEntities(text: string): string {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}
