/**
 * The check-ins' shapes. Records are on-disk format. Every record in `roots.checkins` is a plain
 * value under its own key and carries `type`, so one map holds them all; no record nests a Y type
 * (two devices creating one nested map at once would drop one side's map and all it held).
 *
 * Keys in `roots.checkins` (each written by one partner, or idempotent, so no write overwrites
 * another person's):
 *   checkin:<Monday>                the check-in of that week: its planned time, frozen when first written
 *   start:<checkinId>:<partner>:<id>  a device's start (the check-in began at the earliest)
 *   postpone:<id>                   a rescheduling (the latest by `at` counts)
 *   event:<id>                      pause, stop, resume, finish
 *   submitted:<checkinId>:<partner> that partner submitted answers (no content)
 *   answers:<checkinId>:<partner>   the answers, written by the author's own device after both submitted
 *   action:<id>, done:<actionId>, actionProposal:<actionId>   action items and their follow-up
 *   victory:<id>                    a small victory named
 *   appreciation:<checkinId>:<partner>   the closing note
 */
import type { Day, Instant, PartnerId } from '../schema';

export { compact, refuse } from '../core/records';

/** A wall-clock time of day, `HH:MM` (24 h). */
export type ClockTime = string;

/** When the couple meets each week, as kept in shared settings. */
export interface Schedule {
	/** 0 = Sunday … 6 = Saturday. */
	weekday: number;
	time: ClockTime;
	/** How long they set aside. */
	minutes: number;
	/** How late a start still counts as on time. */
	graceMinutes: number;
	/** The zone of the device that set it, shown when another device's zone differs. */
	timeZone?: string;
	/** When this weekday and time took effect (weeks before it are not judged by it). */
	since: Instant;
	updatedAt: Instant;
	by: PartnerId;
}

/** The check-in of one week (key `checkin:<Monday>`): written once, by whoever acts first. */
export interface CheckinRecord {
	type: 'checkin';
	id: string;
	/** The Monday of its week. */
	week: Day;
	plannedAt: Instant;
	createdAt: Instant;
}

/** A partner starting the check-in on one device (key `start:<checkinId>:<partner>:<id>`). */
export interface StartRecord {
	type: 'start';
	checkinId: string;
	by: PartnerId;
	at: Instant;
}

/** A rescheduling: made at `at`, to `to`. */
export interface PostponeRecord {
	type: 'postpone';
	id: string;
	checkinId: string;
	by: PartnerId;
	at: Instant;
	to: Instant;
}

/** What can happen to a check-in once started. */
export type EventKind = 'pause' | 'stop' | 'resume' | 'finish';

/** A pause, stop, resume or finish. */
export interface EventRecord {
	type: 'event';
	id: string;
	checkinId: string;
	kind: EventKind;
	by: PartnerId;
	at: Instant;
}

/** Why a write was refused; the UI turns each into a calm sentence. */
export type Refusal =
	| 'readOnly' // a newer app wrote this space
	| 'notFound'
	| 'notYours' // only the author changes their own words
	| 'notStarted' // pausing or finishing a check-in that has not begun
	| 'finished' // a finished check-in is history
	| 'invalid';

/** The result of a write: the id written, or why nothing was written. */
export type Result = { ok: true; id: string } | { ok: false; reason: Refusal };

/** True for a plain object carrying this `type`. */
export function isRecord<T>(v: unknown, type: string): v is T & Record<string, unknown> {
	return !!v && typeof v === 'object' && (v as { type?: unknown }).type === type;
}

/** True for a finite number. */
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Oldest first by `at`, ties by id, so every device lists the same order. */
export function byAt<T extends { at: number; id: string }>(a: T, b: T): number {
	return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
