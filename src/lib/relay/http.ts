/**
 * The mailbox's HTTP routes as the device calls them (server/relay/routes.ts serves them).
 * Every outcome is a value, never a throw: the sync decides what each one means on screen.
 */
import { deriveRelayKeys, type RelayKeys, type RelayScope } from './keys';

/** What the server said to an upload. */
export type PostResult =
	| { status: 'stored'; id: number; duplicate: boolean }
	| { status: 'conflict'; maxSeq: number }
	| { status: 'gone' | 'full' | 'refused' | 'unreachable' }
	| { status: 'rate'; retryAfterMs: number };

/** A mailbox's bookkeeping, sent with every page. */
export interface PageMeta {
	head: number;
	floor: number;
	lossyFloor: number;
	incarnation: string;
	agedOutId: number;
	stale: boolean;
	count: number;
	bytes: number;
	more: boolean;
}

/** What the server said to a fetch. */
export type PageResult =
	| { status: 'ok'; meta: PageMeta; blobs: { id: number; body: Uint8Array }[] }
	| { status: 'absent' | 'gone' | 'cursor-ahead' | 'refused' | 'unreachable' }
	| { status: 'rate'; retryAfterMs: number };

/** The routes of one mailbox. */
export class RelayHttp {
	readonly #url: string;
	readonly #auth: string;

	constructor(base: string, keys: Pick<RelayKeys, 'mailboxId' | 'token'>) {
		this.#url = `${base.replace(/\/+$/, '')}/relay/v1/m/${keys.mailboxId}`;
		this.#auth = `Bearer ${keys.token}`;
	}

	/** Uploads one envelope; `keepalive` lets a small one outlive a page being put away. */
	async post(body: Uint8Array<ArrayBuffer>, keepalive = false): Promise<PostResult> {
		const res = await this.#request(`${this.#url}/blobs`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/octet-stream' },
			body,
			keepalive: keepalive && body.length < 60_000
		});
		if (!res) return { status: 'unreachable' };
		const json = (await res.json().catch(() => ({}))) as {
			id?: number;
			duplicate?: boolean;
			maxSeq?: number;
		};
		switch (res.status) {
			case 200:
				return typeof json.id === 'number'
					? { status: 'stored', id: json.id, duplicate: !!json.duplicate }
					: { status: 'unreachable' };
			case 409:
				return { status: 'conflict', maxSeq: json.maxSeq ?? 0 };
			case 410:
				return { status: 'gone' };
			case 507:
				return { status: 'full' };
			case 429:
				return { status: 'rate', retryAfterMs: retryAfter(res) };
			default:
				return res.status >= 500 ? { status: 'unreachable' } : { status: 'refused' };
		}
	}

	/** Blobs after `after`, parsed; a truncated or garbled answer counts as unreachable. */
	async page(after: number): Promise<PageResult> {
		const res = await this.#request(`${this.#url}/blobs?after=${after}`, { method: 'GET' });
		if (!res) return { status: 'unreachable' };
		if (res.status === 404) return { status: 'absent' };
		if (res.status === 410) return { status: 'gone' };
		if (res.status === 409) return { status: 'cursor-ahead' };
		if (res.status === 429) return { status: 'rate', retryAfterMs: retryAfter(res) };
		if (res.status !== 200)
			return res.status >= 500 ? { status: 'unreachable' } : { status: 'refused' };
		try {
			return { status: 'ok', ...parsePage(new Uint8Array(await res.arrayBuffer())) };
		} catch {
			return { status: 'unreachable' };
		}
	}

	/** Counts and sizes for Settings, or null. */
	async describe(): Promise<{ count: number; bytes: number; oldestAt: number | null } | null> {
		const res = await this.#request(this.#url, { method: 'GET' });
		return res?.status === 200 ? res.json() : null;
	}

	/** Deletes the mailbox now; true once the server confirmed (or it was already gone). */
	async remove(): Promise<boolean> {
		const res = await this.#request(this.#url, { method: 'DELETE' });
		return res?.status === 204 || res?.status === 410;
	}

	async #request(url: string, init: RequestInit): Promise<Response | null> {
		try {
			return await fetch(url, {
				...init,
				cache: 'no-store',
				headers: { ...(init.headers as Record<string, string>), Authorization: this.#auth }
			});
		} catch {
			return null;
		}
	}
}

/**
 * Deletes a mailbox of `key` at `epoch` on the server at `base` (turning the mailbox off, and
 * later when keys rotate to a new epoch). True once the server confirmed.
 */
export async function deleteMailbox(
	base: string,
	key: string,
	scope: RelayScope,
	epoch: number
): Promise<boolean> {
	const keys = await deriveRelayKeys(key, scope, epoch, 'any');
	return new RelayHttp(base, keys).remove();
}

/** `u32 metaLen ‖ meta JSON ‖ (u32 id ‖ u32 len ‖ envelope)*`. Throws on a truncated page. */
export function parsePage(
	bytes: Uint8Array
): Extract<PageResult, { status: 'ok' }> extends infer R ? Omit<R, 'status'> : never {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const metaLen = view.getUint32(0);
	if (4 + metaLen > bytes.length) throw new Error('truncated');
	const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + metaLen))) as PageMeta;
	const blobs: { id: number; body: Uint8Array }[] = [];
	for (let at = 4 + metaLen; at < bytes.length;) {
		const id = view.getUint32(at);
		const len = view.getUint32(at + 4);
		if (at + 8 + len > bytes.length) throw new Error('truncated');
		blobs.push({ id, body: bytes.slice(at + 8, at + 8 + len) });
		at += 8 + len;
	}
	return { meta, blobs };
}

function retryAfter(res: Response): number {
	const seconds = Number(res.headers.get('retry-after'));
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5_000;
}
