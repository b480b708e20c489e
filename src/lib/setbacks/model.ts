/**
 * The setbacks' shapes. Records are on-disk format in `roots.setbacks`:
 *   <id>                          the setback as its author wrote it (only they change it)
 *   talked:<setbackId>            talked through at a check-in (either partner, idempotent)
 *   revised:<setbackId>:<version> a contract version that answers it without citing it
 * Status is derived from these and from the versions that cite the setback, never stored as a
 * field two people could overwrite at once. Setbacks are data, not verdicts: nothing here counts
 * streaks or tallies blame.
 */
import type { Day, Instant, PartnerId } from '../schema';

export type { Refusal, Result } from '../checkins/model';

/** The consequence as the agreed contract version said it when the setback was logged. */
export interface FrozenConsequence {
	versionId: string;
	/** "3", or "3b": the version's label then. */
	versionLabel: string;
	clauseId: string;
	/** The clause's commitment, as agreed. */
	commitment: string;
	/** What the couple agreed in advance would happen after a lapse ('' when nothing was). */
	text: string;
}

/** A setback as stored. */
export interface Setback {
	type: 'setback';
	id: string;
	loggedBy: PartnerId;
	/** When it was logged. */
	at: Instant;
	/** The day it happened. */
	day: Day;
	/** Facts, not blame. */
	whatHappened: string;
	clauseIds: string[];
	trigger: string;
	feelings?: string;
	/** What would have prevented it. */
	counterMeasure: string;
	/** Whose commitment it touched, when it was one person's (absent: both, or nobody's). */
	partnerId?: PartnerId;
	/** The agreed version in force when it was logged (absent: nothing was agreed yet). */
	agreedVersionId?: string;
	/** Frozen at logging time; never edited. */
	agreedConsequence: FrozenConsequence[];
	updatedAt: Instant;
	deletedAt?: Instant;
}

/** Where a setback stands: logged → talked through (at a check-in) → contract updated. */
export type SetbackStatus = 'logged' | 'talkedThrough' | 'contractUpdated';

/** A setback with where it stands and what came of it. */
export interface SetbackView extends Setback {
	status: SetbackStatus;
	talkedThroughIn?: string;
	talkedThroughAt?: Instant;
	/** The first version that answers it and that both partners signed. */
	revisedByVersionId?: string;
	/** Versions answering it that are not agreed (yet), oldest first. */
	proposedIn: string[];
}

/** Talked through at a check-in (key `talked:<setbackId>`). */
export interface TalkedThrough {
	type: 'setbackTalked';
	setbackId: string;
	checkinId: string;
	by: PartnerId;
	at: Instant;
}

/** A version that answers the setback without citing it (key `revised:<setbackId>:<versionId>`). */
export interface RevisedBy {
	type: 'setbackRevised';
	setbackId: string;
	versionId: string;
	by: PartnerId;
	at: Instant;
}

/** True for a readable setback record. */
export function isSetback(v: unknown): v is Setback {
	if (!v || typeof v !== 'object') return false;
	const s = v as Partial<Setback>;
	return (
		s.type === 'setback' &&
		typeof s.id === 'string' &&
		typeof s.loggedBy === 'string' &&
		typeof s.day === 'string' &&
		typeof s.at === 'number' &&
		typeof s.whatHappened === 'string' &&
		Array.isArray(s.clauseIds)
	);
}
