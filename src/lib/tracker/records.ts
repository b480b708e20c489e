/** Reading and writing tracker records safely: guards for unknown values, ids, clean text. */
import type { Instant } from '../schema';
import { isDayShaped } from '../core/calendar';
import { cleanLine, isTooLong as isTooLongText, LIMITS } from '../core/text';
import {
	OUTCOMES,
	type Ack,
	type Amendment,
	type Entry,
	type HardDay,
	type Moment,
	type Reaction,
	type Result,
	type Refusal,
	type Talk
} from './model';

/** Longest note, reason or moment we keep; longer text is refused, never cut. */
export const TEXT_MAX = LIMITS.note;

/** Cleaned, trimmed text, or undefined when empty or too long (the caller refuses the latter). */
export function noteText(raw: string | undefined): string | undefined {
	const t = cleanLine(raw);
	return t && t.length <= TEXT_MAX ? t : undefined;
}

/** True when text was given but cannot be kept (too long). */
export function isTooLong(raw: string | undefined): boolean {
	return isTooLongText(raw, TEXT_MAX);
}

/** A plain JSON copy without undefined fields (they would be stored as Yjs `undefined`). */
export function compact<T extends object>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
	return out as T;
}

/**
 * A stamp that orders after `previous` even when this device's clock is behind the one that
 * wrote it, so an edit always supersedes what it edited.
 */
export function stampAfter(now: Instant, previous: Instant | undefined): Instant {
	return previous === undefined ? now : Math.max(now, previous + 1);
}

/** A refusal result. */
export function refuse(reason: Refusal): Result {
	return { ok: false, reason };
}

function obj(v: unknown, type: string): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && (v as { type?: unknown }).type === type;
}
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A readable tracker entry (records from newer apps or damaged ones are skipped). */
export function isEntry(v: unknown): v is Entry {
	return (
		obj(v, 'entry') &&
		str(v.id) &&
		str(v.clauseId) &&
		isDayShaped(v.day) &&
		str(v.partnerId) &&
		OUTCOMES.includes(v.outcome as Entry['outcome']) &&
		num(v.recordedAt) &&
		num(v.updatedAt)
	);
}

/** A readable amendment. */
export function isAmendment(v: unknown): v is Amendment {
	return obj(v, 'amendment') && str(v.id) && str(v.entryId) && str(v.text) && num(v.at);
}

/** A readable acknowledgement. */
export function isAck(v: unknown): v is Ack {
	return obj(v, 'ack') && str(v.entryId) && str(v.by) && num(v.at);
}

/** A readable talk flag. */
export function isTalk(v: unknown): v is Talk {
	return obj(v, 'talk') && str(v.id) && str(v.entryId) && str(v.by) && num(v.at);
}

/** A readable reaction. */
export function isReaction(v: unknown): v is Reaction {
	return obj(v, 'reaction') && str(v.targetId) && str(v.by) && str(v.emoji) && num(v.at);
}

/** A readable hard-day mark. */
export function isHardDayRecord(v: unknown): v is HardDay {
	return obj(v, 'hardDay') && str(v.partnerId) && isDayShaped(v.day) && num(v.updatedAt);
}

/** A readable moment. */
export function isMoment(v: unknown): v is Moment {
	return (
		obj(v, 'moment') &&
		str(v.id) &&
		str(v.by) &&
		str(v.text) &&
		isDayShaped(v.day) &&
		num(v.createdAt)
	);
}

/** Newest first by a stamp, ties by id (descending) so every device shows the same order. */
export function newestFirst<T extends { id: string }>(stamp: (t: T) => number) {
	return (a: T, b: T): number => stamp(b) - stamp(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
