/**
 * Signed records as they live in the shared document: a plain value under its key in a Y.Map,
 * with its signature in the `sig` field beside the rest. Each kind says where its author and time
 * are; the content signed is the whole value without `sig`, and the id is the map key, so a
 * record moved to another key no longer verifies.
 */
import type { Instant, PartnerId } from '../schema';
import {
	signRecord,
	verifyRecord,
	type RecordFields,
	type Verdict,
	type VerifyContext
} from './sign';
import type { SigningKeys } from './keys';

/** The field a signed record keeps its signature in (on-disk format; absent before signatures). */
export const SIG_FIELD = 'sig';

/** How to read one kind of record: who wrote it and when. */
export interface RecordKind {
	kind: string;
	author(value: Record<string, unknown>): PartnerId | undefined;
	time(value: Record<string, unknown>): Instant | undefined;
}

/** A kind whose author and time are plain fields of the value. */
export function recordKind(kind: string, authorField: string, timeField: string): RecordKind {
	return {
		kind,
		author: (v) => (typeof v[authorField] === 'string' ? (v[authorField] as string) : undefined),
		time: (v) =>
			typeof v[timeField] === 'number' && Number.isFinite(v[timeField])
				? (v[timeField] as number)
				: undefined
	};
}

/**
 * The kinds a partner signs, as the domains store them today. The author's field is the one the
 * domain already reads; the time is the latest stamp of the value, so an edit is a new signature.
 */
export const SIGNED_KINDS = {
	entry: recordKind('entry', 'partnerId', 'updatedAt'),
	amendment: recordKind('amendment', 'by', 'at'),
	ack: recordKind('ack', 'by', 'at'),
	reaction: recordKind('reaction', 'by', 'at'),
	talk: recordKind('talk', 'by', 'at'),
	hardDay: recordKind('hardDay', 'partnerId', 'updatedAt'),
	/** A contract signature (`roots.signatures`, no `type` field). */
	contractSignature: recordKind('contractSignature', 'partnerId', 'signedAt'),
	/** A check-in commitment (see commitment.ts). */
	commitment: recordKind('commitment', 'by', 'at'),
	/** "I submitted" on a check-in, as check-ins store it today (`submitted:<checkin>:<partner>`). */
	submitted: recordKind('submitted', 'by', 'at'),
	setback: recordKind('setback', 'loggedBy', 'updatedAt'),
	/** A shared insight; withdrawing it is a later write by its author. */
	insight: {
		kind: 'insight',
		author: (v) => (typeof v.by === 'string' ? v.by : undefined),
		time: (v) => latest(v.withdrawnAt, v.sharedAt)
	},
	/** An approval of a counsellor summary (`summaryApproval:<request>:<partner>`). */
	summaryApproval: recordKind('summaryApproval', 'by', 'at')
} as const satisfies Record<string, RecordKind>;

function latest(...stamps: unknown[]): Instant | undefined {
	const times = stamps.filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
	return times.length ? Math.max(...times) : undefined;
}

/** A stored value without its signature: what the signature covers as content. */
export function contentOf(value: Record<string, unknown>): Record<string, unknown> {
	if (!(SIG_FIELD in value)) return value;
	const { [SIG_FIELD]: _sig, ...rest } = value;
	return rest;
}

/** The fields a signature covers, or undefined when the value names no author or time. */
export function fieldsOf(
	kind: RecordKind,
	id: string,
	value: Record<string, unknown>
): RecordFields | undefined {
	const author = kind.author(value);
	const time = kind.time(value);
	if (author === undefined || time === undefined) return undefined;
	return { id, author, kind: kind.kind, time, content: contentOf(value) };
}

/** The value to store: `value` with the author's signature. Misuse (no author or time) throws. */
export function signValue<T extends Record<string, unknown>>(
	kind: RecordKind,
	id: string,
	value: T,
	keys: SigningKeys
): T & { sig: ReturnType<typeof signRecord> } {
	const fields = fieldsOf(kind, id, value);
	if (!fields) throw new Error(`A ${kind.kind} record needs an author and a time to be signed`);
	return { ...(contentOf(value) as T), [SIG_FIELD]: signRecord(fields, keys) } as T & {
		sig: ReturnType<typeof signRecord>;
	};
}

// Yjs hands back the same object for a value until it is replaced, so a view re-reading a map
// finds each record's verdict here without even building its bytes, until the pins change.
const verdicts = new WeakMap<object, { ctx: VerifyContext; id: string; verdict: Verdict }>();

/** The verdict on a stored value (not a plain object, or no author or time: forged). */
export function verifyValue(
	kind: RecordKind,
	id: string,
	value: unknown,
	ctx: VerifyContext
): Verdict {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return { status: 'forged', reason: 'unreadable-content' };
	}
	const record = value as Record<string, unknown>;
	if (record[SIG_FIELD] === undefined) {
		// Unsigned: the verdict needs only the author and the time (most of an older space).
		const author = kind.author(record);
		const time = kind.time(record);
		if (author === undefined || time === undefined) {
			return { status: 'forged', reason: 'unreadable-content' };
		}
		return verifyRecord({ id, author, kind: kind.kind, time, content: undefined }, undefined, ctx);
	}
	const known = verdicts.get(value);
	if (known && known.ctx === ctx && known.id === id) return known.verdict;
	const fields = fieldsOf(kind, id, record);
	const verdict: Verdict = fields
		? verifyRecord(fields, record[SIG_FIELD], ctx)
		: { status: 'forged', reason: 'unreadable-content' };
	verdicts.set(value, { ctx, id, verdict });
	return verdict;
}
