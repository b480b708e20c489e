/** Reading and writing tracker records safely: guards for unknown values, ids, clean text. */
import { isDayShaped } from '../core/calendar';

export { compact, refuse, stampAfter } from '../core/records';
import { cleanLine, isTooLong as isTooLongText, LIMITS } from '../core/text';
import {
	OUTCOMES,
	type Ack,
	type Amendment,
	type Entry,
	type HardDay,
	type Moment,
	type Reaction,
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
