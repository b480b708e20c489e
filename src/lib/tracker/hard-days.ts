/**
 * Hard days. A partner marks their own day hard: Today then leads with the backup versions of
 * their commitments and suggests a touch-base later in the day. Marks live in the log under
 * `hardDay:partner:day`, independent of settings.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import {
	isClockTime,
	isDay,
	minutesOf,
	toClockTime,
	toDay,
	type ClockTime
} from '../core/calendar';
import type { HardDay, Result } from './model';
import { compact, isHardDayRecord, refuse, stampAfter } from './records';

/** Latest touch-base time we suggest: later than this, rest comes first. */
export const LATEST_TOUCH_BASE = '21:00';

/** The log key of a partner's hard-day mark. */
export const hardDayId = (partnerId: PartnerId, day: Day) => `hardDay:${partnerId}:${day}`;

/**
 * A touch-base time about three hours from now, rounded up to the half hour and no later than
 * 21:00; undefined when even 21:00 is under half an hour away.
 */
export function suggestTouchBase(now: Instant): ClockTime | undefined {
	const nowMin = minutesOf(toClockTime(now));
	const latest = minutesOf(LATEST_TOUCH_BASE);
	let at = Math.ceil((nowMin + 180) / 30) * 30;
	if (at > latest) at = latest;
	if (at - nowMin < 30) return undefined;
	return `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`;
}

/**
 * Marks the partner's own day as hard; the touch-base time defaults to the suggestion, `null`
 * means none. Marking again updates the time.
 */
export function markHardDay(
	doc: Y.Doc,
	partnerId: PartnerId,
	day: Day,
	now: Instant = Date.now(),
	touchBase: ClockTime | null = suggestTouchBase(now) ?? null
): Result {
	const touchBaseAt = touchBase ?? undefined;
	if (!isDay(day) || (touchBaseAt !== undefined && !isClockTime(touchBaseAt)))
		return refuse('invalid');
	const id = hardDayId(partnerId, day);
	const prev = roots.log(doc).get(id);
	const old = isHardDayRecord(prev) ? prev : undefined;
	const mark: HardDay = compact({
		type: 'hardDay',
		id,
		partnerId,
		day,
		touchBaseAt,
		markedAt: old && !old.deletedAt ? old.markedAt : now,
		updatedAt: stampAfter(now, old?.updatedAt)
	});
	doc.transact(() => roots.log(doc).set(id, mark), LOCAL);
	return { ok: true, id };
}

/** Takes the hard-day mark back. */
export function clearHardDay(
	doc: Y.Doc,
	partnerId: PartnerId,
	day: Day,
	now: Instant = Date.now()
): Result {
	const id = hardDayId(partnerId, day);
	const prev = roots.log(doc).get(id);
	if (!isHardDayRecord(prev) || prev.deletedAt) return refuse('notFound');
	const stamp = stampAfter(now, prev.updatedAt);
	doc.transact(
		() => roots.log(doc).set(id, { ...prev, updatedAt: stamp, deletedAt: stamp }),
		LOCAL
	);
	return { ok: true, id };
}

/** The partner's hard-day mark for a day, if they set one. */
export function hardDayOf(doc: Y.Doc, partnerId: PartnerId, day: Day): HardDay | undefined {
	const v = roots.log(doc).get(hardDayId(partnerId, day));
	return isHardDayRecord(v) && !v.deletedAt ? v : undefined;
}

/** True when the partner marked that day hard. */
export function isHardDay(doc: Y.Doc, partnerId: PartnerId, day: Day = toDay(Date.now())): boolean {
	return !!hardDayOf(doc, partnerId, day);
}
