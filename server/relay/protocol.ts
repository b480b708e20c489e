/**
 * The mailbox's wire format as the server sees it: the capability check (the mailbox id is a
 * hash of the token, so no account table is needed and a stranger who knows an id can do
 * nothing) and the clear header of an envelope, the only part of a blob the server reads.
 * The client's side is src/lib/relay/; docs/ARCHITECTURE.md, "The mailbox", explains both.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Bytes of the clear header: version, kind, device tag (8), seq (4), covers (4), IV (12). */
export const HEADER_BYTES = 30;
/** The AES-GCM tag that follows the ciphertext; an envelope is at least header + tag. */
export const TAG_BYTES = 16;
export const ENVELOPE_VERSION = 1;

/** What a blob is: one device's updates, a snapshot that replaces ids ≤ covers, or a full seed. */
export const KIND = { update: 1, snapshot: 2, seed: 3 } as const;
export type BlobKind = (typeof KIND)[keyof typeof KIND];

/** The header fields the server needs to dedupe retries and to compact. */
export interface EnvelopeHeader {
	kind: BlobKind;
	deviceTag: string;
	seq: number;
	covers: number;
}

/** A mailbox id: 32 lower-case hex characters. */
export const MAILBOX_ID = /^[0-9a-f]{32}$/;

/** The mailbox a token opens: SHA-256("kept-relay/v1/mailbox" ‖ token)[0..16], as hex. */
export function mailboxIdOf(token: Uint8Array): string {
	return createHash('sha256')
		.update('kept-relay/v1/mailbox')
		.update(token)
		.digest('hex')
		.slice(0, 32);
}

/**
 * The token in `Authorization: Bearer <base64url>`, if it opens `mailbox`; compared in
 * constant time. No token, a wrong one, or one for another mailbox: null.
 */
export function tokenOpens(authorization: string | undefined, mailbox: string): boolean {
	const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
	if (!match) return false;
	const token = Buffer.from(match[1], 'base64url');
	if (token.length !== 32) return false;
	const a = Buffer.from(mailboxIdOf(token));
	const b = Buffer.from(mailbox);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** The mailbox a base64url token opens, or null when it is not a token at all. */
export function mailboxOfToken(token: unknown): string | null {
	if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	return mailboxIdOf(Buffer.from(token, 'base64url'));
}

/** Reads an envelope's clear header; a string says why it is malformed. */
export function readHeader(body: Uint8Array): EnvelopeHeader | string {
	if (body.length < HEADER_BYTES + TAG_BYTES) return 'too-short';
	if (body[0] !== ENVELOPE_VERSION) return 'version';
	const kind = body[1];
	if (kind !== KIND.update && kind !== KIND.snapshot && kind !== KIND.seed) return 'kind';
	const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
	const seq = view.getUint32(10);
	const covers = view.getUint32(14);
	if (seq === 0) return 'seq';
	if (kind !== KIND.snapshot && covers !== 0) return 'covers';
	const deviceTag = Buffer.from(body.subarray(2, 10)).toString('hex');
	return { kind, deviceTag, seq, covers };
}
