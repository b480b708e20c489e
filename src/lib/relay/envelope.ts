/**
 * One sealed blob. The 30-byte clear header holds only what the server must read (to dedupe a
 * retry and to compact); it is bound as additional data with the mailbox id, so moving a blob to
 * another mailbox or changing any header byte breaks the tag.
 *
 *   0  version (1)   1  kind   2..10 device tag   10..14 seq (u32 BE)   14..18 covers (u32 BE)
 *   18..30 IV (random 96 bits)   30.. AES-GCM(inner) ‖ tag
 *   inner = u8 format (0 = Yjs v1 update) ‖ u32 length ‖ update ‖ zeros to max(256, PADMÉ)
 *
 * Padding hides exact sizes (PADMÉ leaks at most O(log log n) bits of a length).
 */
import type { RelayKeys } from './keys';

export const HEADER_BYTES = 30;
export const KIND = { update: 1, snapshot: 2, seed: 3 } as const;
export type BlobKind = (typeof KIND)[keyof typeof KIND];

/** The clear header of an envelope. */
export interface Header {
	kind: BlobKind;
	seq: number;
	/** A snapshot: the highest mailbox id it includes; otherwise 0. */
	covers: number;
}

/** An opened envelope. */
export interface Opened extends Header {
	deviceTag: Uint8Array;
	update: Uint8Array;
}

const AAD_LABEL = new TextEncoder().encode('kept-relay/v1');
const MIN_PADDED = 256;

/** Seals a Yjs update into an envelope for `keys`' mailbox. */
export async function seal(
	keys: RelayKeys,
	header: Header,
	update: Uint8Array
): Promise<Uint8Array<ArrayBuffer>> {
	const head = new Uint8Array(HEADER_BYTES);
	const view = new DataView(head.buffer);
	head[0] = 1;
	head[1] = header.kind;
	head.set(keys.deviceTag, 2);
	view.setUint32(10, header.seq);
	view.setUint32(14, header.covers);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	head.set(iv, 18);
	const inner = new Uint8Array(padme(Math.max(MIN_PADDED, update.length + 5)));
	new DataView(inner.buffer).setUint32(1, update.length);
	inner.set(update, 5);
	const sealed = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: aad(keys.mailboxId, head) },
		keys.encKey,
		inner
	);
	const out = new Uint8Array(HEADER_BYTES + sealed.byteLength);
	out.set(head);
	out.set(new Uint8Array(sealed), HEADER_BYTES);
	return out;
}

/** Opens an envelope; null for anything that was not sealed for this mailbox with this key. */
export async function open(keys: RelayKeys, body: Uint8Array): Promise<Opened | null> {
	if (body.length < HEADER_BYTES + 16 || body[0] !== 1) return null;
	const head = body.slice(0, HEADER_BYTES);
	const kind = head[1];
	if (kind !== KIND.update && kind !== KIND.snapshot && kind !== KIND.seed) return null;
	try {
		const inner = new Uint8Array(
			await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: head.slice(18, 30), additionalData: aad(keys.mailboxId, head) },
				keys.encKey,
				body.slice(HEADER_BYTES)
			)
		);
		const length = new DataView(inner.buffer).getUint32(1);
		if (inner[0] !== 0 || 5 + length > inner.length) return null;
		const view = new DataView(head.buffer);
		return {
			kind,
			seq: view.getUint32(10),
			covers: view.getUint32(14),
			deviceTag: head.slice(2, 10),
			update: inner.slice(5, 5 + length)
		};
	} catch {
		return null;
	}
}

/** PADMÉ: round up so that only the top bits of the length's exponent remain visible. */
export function padme(length: number): number {
	if (length < 2) return length;
	const e = Math.floor(Math.log2(length));
	const s = Math.floor(Math.log2(e)) + 1;
	const step = 2 ** (e - s);
	return Math.ceil(length / step) * step;
}

function aad(mailboxId: string, head: Uint8Array): Uint8Array<ArrayBuffer> {
	const id = Uint8Array.from(mailboxId.match(/../g) ?? [], (h) => parseInt(h, 16));
	const out = new Uint8Array(AAD_LABEL.length + id.length + 18);
	out.set(AAD_LABEL);
	out.set(id, AAD_LABEL.length);
	out.set(head.subarray(0, 18), AAD_LABEL.length + id.length);
	return out;
}
