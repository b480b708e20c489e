/**
 * The one canonical JSON of the app: what is hashed and signed. Object keys sorted by UTF-16 code
 * unit at every level, undefined members left out (undefined in an array is null), numbers as
 * ECMAScript prints them (shortest round-trip form, -0 as 0; NaN and ±Infinity as null, as
 * JSON.stringify does), strings escaped by JSON.stringify (a lone surrogate as \udXXX), so equal
 * values give equal bytes on every device and browser. The same rules as RFC 8785 for the values
 * Kept stores; the output for contract versions is the one their stored hashes were made with.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A value that has no JSON form (binary, bigint, a function, a class instance): a bug. */
export class CanonicalError extends Error {
	constructor(what: string) {
		super(`No canonical JSON for ${what}`);
		this.name = 'CanonicalError';
	}
}

const encoder = new TextEncoder();

/** The canonical JSON text of a plain JSON-like value. Throws CanonicalError on anything else. */
export function canonicalJson(value: unknown): string {
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return JSON.stringify(value);
		case 'number':
			// JSON.stringify prints -0 as 0 and non-finite numbers as null.
			return JSON.stringify(value);
		case 'undefined':
			return 'null';
		case 'object': {
			if (value === null) return 'null';
			if (Array.isArray(value)) {
				return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
			}
			const proto = Object.getPrototypeOf(value) as unknown;
			if (proto !== Object.prototype && proto !== null) {
				throw new CanonicalError(describe(value));
			}
			const record = value as Record<string, unknown>;
			const keys = Object.keys(record)
				.filter((key) => record[key] !== undefined)
				.sort();
			return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
		}
		default:
			throw new CanonicalError(typeof value);
	}
}

/** The UTF-8 bytes of the canonical JSON. */
export function canonicalBytes(value: unknown): Uint8Array {
	return encoder.encode(canonicalJson(value));
}

/** SHA-256 of the canonical bytes, as lowercase hex. */
export function canonicalHash(value: unknown): string {
	return bytesToHex(sha256(canonicalBytes(value)));
}

function describe(value: object): string {
	const name = (value as { constructor?: { name?: string } }).constructor?.name;
	return name ? `a ${name}` : 'an object with a prototype';
}
