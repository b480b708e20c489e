/**
 * The tracker's shapes. Records below are on-disk format inside the `log` and `moments` roots:
 * every record carries `type` so one map can hold several kinds; add optional fields only.
 */
import type { Day, Instant, PartnerId } from '../schema';
import type { ClockTime } from '../core/calendar';

/** How often a commitment is expected; `byTime` is the wall-clock time it is due by. */
export type Timeline = (
	| { kind: 'daily' }
	| { kind: 'timesPerWeek'; times: number }
	| { kind: 'weekly'; weekday: number /* 0 = Sunday */ }
	| { kind: 'always' }
) & { byTime?: ClockTime };

/**
 * One clause of the agreed contract version, as the tracker needs it (frozen plain data). The
 * contract's own frozen clauses fit this shape as they are.
 */
export interface Commitment {
	id: string;
	kind: 'behaviour' | 'boundary';
	/** A partner's id, or 'both' when each partner keeps it. */
	owner: PartnerId | 'both';
	commitment: string;
	/** The simplified version for hard days ('' when none was agreed). */
	backup: string;
	/** Null while no timeline was chosen: a behaviour without one is not tracked. */
	timeline: Timeline | null;
	/** Tolerated here too; `timeline.byTime` wins. */
	byTime?: ClockTime;
}

/** The commitments of an agreed contract version, in force from `from` until the next period. */
export interface AgreedPeriod {
	from: Day;
	commitments: readonly Commitment[];
}

/** A lapse of a boundary, as the setbacks record it; without `partnerId` it counts for every owner. */
export interface Lapse {
	clauseId: string;
	day: Day;
	partnerId?: PartnerId;
}

/** A check-in's timing, as the check-ins record it; `postponed.at` is when it was moved. */
export interface CheckinTime {
	plannedAt: Instant;
	startedAt?: Instant;
	postponed?: { at: Instant };
}

/** What happened to a commitment on a day. */
export type Outcome = 'kept' | 'backup' | 'notToday' | 'excused';

/** Every outcome, in the order Today offers them. */
export const OUTCOMES: readonly Outcome[] = ['kept', 'backup', 'notToday', 'excused'];

/** A tracker entry (log root): recorded by the partner who did it. */
export interface Entry {
	type: 'entry';
	id: string;
	clauseId: string;
	day: Day;
	partnerId: PartnerId;
	outcome: Outcome;
	/** Why the day was excused (required for 'excused'). */
	reason?: string;
	note?: string;
	recordedAt: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** A visible correction to an entry (log root); the entry itself is never rewritten by one. */
export interface Amendment {
	type: 'amendment';
	id: string;
	entryId: string;
	text: string;
	/** When set, this outcome counts instead of the entry's. */
	outcome?: Outcome;
	by: PartnerId;
	at: Instant;
}

/** "I noticed" from the partner who did not write the entry (log root, key `ack:entry:partner`). */
export interface Ack {
	type: 'ack';
	id: string;
	entryId: string;
	by: PartnerId;
	at: Instant;
}

/** "Let's talk at check-in" on the partner's entry (log root, key `talk:entry:partner`). */
export interface Talk {
	type: 'talk';
	id: string;
	entryId: string;
	by: PartnerId;
	note?: string;
	at: Instant;
	/** Set once it was talked about; `checkinId` names the check-in. */
	resolvedAt?: Instant;
	checkinId?: string;
}

/** A small reaction on an entry or a moment, stored beside its target (key `react:target:partner`). */
export interface Reaction {
	type: 'reaction';
	id: string;
	targetId: string;
	by: PartnerId;
	emoji: string;
	at: Instant;
	deletedAt?: Instant;
}

/** A partner's own hard day (log root, key `hardDay:partner:day`). */
export interface HardDay {
	type: 'hardDay';
	id: string;
	partnerId: PartnerId;
	day: Day;
	/** The touch-base time they chose, local `HH:MM`. */
	touchBaseAt?: ClockTime;
	markedAt: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** What kind of moment: a note about the partner, a shared win, or thanks. */
export type MomentKind = 'noticed' | 'win' | 'appreciation';

/** A moment on the shared wall (moments root). */
export interface Moment {
	type: 'moment';
	id: string;
	kind: MomentKind;
	by: PartnerId;
	/** Whom it is about ('noticed' and 'appreciation' name the partner). */
	about?: PartnerId;
	clauseId?: string;
	entryId?: string;
	/** The milestone it answers, when written from a celebration card. */
	milestoneId?: string;
	text: string;
	day: Day;
	createdAt: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** Why a write was refused; the UI turns each into a calm sentence. */
export type Refusal =
	| 'readOnly' // a newer app wrote this space
	| 'notFound'
	| 'notYours' // only the author changes their own record
	| 'ownEntry' // acknowledging or flagging one's own entry
	| 'locked' // older than the editing window: amend instead
	| 'future' // a day after tomorrow (usually a wrong clock)
	| 'invalid';

/** The result of a write: the id written, or why nothing was written. */
export type Result = { ok: true; id: string } | { ok: false; reason: Refusal };

/** One partner's part in one clause: the unit every metric is computed for. */
export interface Track {
	clauseId: string;
	partnerId: PartnerId;
}
