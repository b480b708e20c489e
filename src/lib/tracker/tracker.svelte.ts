/**
 * The tracker's reactive view: the only place the tracker meets Svelte. Getters read the shared
 * document through one Ledger per document change (and per calendar day), so Today, the
 * history and the charts never rebuild it per question. Nothing from Yjs is copied into $state:
 * `createSubscriber` re-runs whoever read a getter when a watched root changes or midnight passes.
 *
 * No runes here, so the same class runs in Node for benchmarks (there `createSubscriber` is a
 * no-op and the cache still follows every change through the permanent observers).
 */
import type * as Y from 'yjs';
import { DailyCache } from '../daily-cache.svelte';
import { roots, type Day, type Instant, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import { checkinPunctuality, checkinTimes } from '../checkins/punctuality';
import {
	backupReview,
	boundariesHonoured,
	calendar,
	commitmentsOn,
	dueOn,
	entriesOn,
	followThrough,
	milestones,
	readLedger,
	scoreChange,
	scoreOf,
	talkItems,
	wall,
	weeklyTrend,
	type Agreement,
	type BackupUse,
	type BoundaryReport,
	type CalendarDay,
	type CheckinTime,
	type Commitment,
	type DueItem,
	type HardDay,
	type Ledger,
	type Milestone,
	type Punctuality,
	type ScoreChange,
	type Slot,
	type Tally,
	type TalkItem,
	type Track,
	type WallItem,
	type WeekFollowThrough
} from './index';
import { addDays, toDay, weekStart } from '../core/calendar';
import { hardDayKey } from './ledger';
import { count, counted } from './words';

/** The agreed contract as the tracker counts it (one shared reading; see agreement.ts). */
export { agreementOf } from './agreement';
import { agreementOf } from './agreement';

/** One partner's part in one clause, with every measure the overview shows. */
export interface TrackSummary {
	track: Track;
	commitment: Commitment;
	/** Reliability score today, in [0, 1], and why it moved this week. */
	score: number;
	change: ScoreChange;
	/** Behaviours: this week's follow-through so far. */
	week?: Tally;
	/** Boundaries: honoured over the last 28 days. */
	boundary?: BoundaryReport;
}

/** Options for tests and benchmarks; the app passes none. */
export interface ViewOptions {
	/** Where the agreed contract comes from (default: the signed versions in the document). */
	agreement?: (doc: Y.Doc, partners: readonly PartnerId[]) => Agreement;
	/** The clock (default Date.now). */
	now?: () => Instant;
}

const CALENDAR_WEEKS = 26;

/** The tracker as both partners see it. Get the shared one with `trackerView(doc)`. */
export class TrackerView {
	readonly doc: Y.Doc;
	#agreementOf: NonNullable<ViewOptions['agreement']>;
	#cache: DailyCache;

	constructor(doc: Y.Doc, options: ViewOptions = {}) {
		this.doc = doc;
		this.#agreementOf = options.agreement ?? agreementOf;
		const watched: Y.Map<unknown>[] = [
			roots.log(doc),
			roots.moments(doc),
			roots.revisions(doc),
			roots.signatures(doc),
			roots.partners(doc) as Y.Map<unknown>,
			roots.setbacks(doc),
			roots.checkins(doc),
			roots.settings(doc) // the check-in schedule
		];
		this.#cache = new DailyCache(watched, { deep: true, now: options.now });
	}

	/** Stops following the document (views made with `trackerView` live as long as it). */
	destroy(): void {
		this.#cache.destroy();
	}

	#memo<T>(key: string, compute: () => T): T {
		return this.#cache.memo(key, compute);
	}

	/** This device's calendar day. */
	get today(): Day {
		return this.#memo('today', () => toDay(this.#cache.now()));
	}

	/** The clock the view judges locks by (Date.now in the app). */
	now(): Instant {
		return this.#cache.now();
	}

	/** The two partners' ids (one until the partner joins). */
	get partners(): PartnerId[] {
		return this.#memo('partners', () => activePartners(this.doc).map((p) => p.id));
	}

	/** The agreed contract over time. */
	get agreement(): Agreement {
		return this.#memo('agreement', () => this.#agreementOf(this.doc, this.partners));
	}

	/** True once both partners signed a version. */
	get isAgreed(): boolean {
		return this.agreement.periods.length > 0;
	}

	/** The log, read and indexed once for this document state and day. */
	get ledger(): Ledger {
		return this.#memo('ledger', () => readLedger(this.doc, this.agreement, this.today));
	}

	/** Every clause ever agreed, in its most recently agreed words (archived ones too). */
	clause(id: string): Commitment | undefined {
		return this.#memo('clauses', () => {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built once per change, never mutated after
			const byId = new Map<string, Commitment>();
			for (const p of this.agreement.periods) for (const c of p.commitments) byId.set(c.id, c);
			return byId;
		}).get(id);
	}

	/** The commitments in force today, in contract order. */
	get commitments(): readonly Commitment[] {
		return this.#memo('commitments', () => commitmentsOn(this.ledger.plan, this.today));
	}

	/** What a partner has due on a day (today by default). */
	due(partnerId: PartnerId, day: Day = this.today): DueItem[] {
		return this.#memo(`due:${partnerId}:${day}`, () => dueOn(this.ledger, day, partnerId));
	}

	/** A partner's hard-day mark for a day (today by default). */
	hardDay(partnerId: PartnerId, day: Day = this.today): HardDay | undefined {
		return this.ledger.hardDays.get(hardDayKey(partnerId, day));
	}

	/** Everything recorded on a day, oldest first. */
	entriesOn(day: Day): Slot[] {
		return this.#memo(`day:${day}`, () => entriesOn(this.ledger, day));
	}

	/** The shared wall, newest first. */
	get wall(): WallItem[] {
		return this.#memo('wall', () => wall(this.doc));
	}

	/** Each track in force today with its score, sentence and this week's measure. */
	get summaries(): TrackSummary[] {
		return this.#memo('summaries', () => {
			const ledger = this.ledger;
			const week = followThrough(ledger);
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, read once
			const boundaries = new Map(
				boundariesHonoured(ledger).map((b) => [`${b.track.clauseId}:${b.track.partnerId}`, b])
			);
			const out: TrackSummary[] = [];
			for (const c of this.commitments) {
				const owners = c.owner === 'both' ? this.partners : [c.owner];
				for (const partnerId of owners) {
					const track = { clauseId: c.id, partnerId };
					out.push({
						track,
						commitment: c,
						score: scoreOf(ledger, track),
						change: scoreChange(ledger, track),
						week: week.byTrack.find(
							(t) => t.track.clauseId === c.id && t.track.partnerId === partnerId
						)?.tally,
						boundary: boundaries.get(`${c.id}:${partnerId}`)
					});
				}
			}
			return out;
		});
	}

	/** This week's follow-through so far. */
	get thisWeek(): WeekFollowThrough {
		return this.#memo('thisWeek', () => followThrough(this.ledger));
	}

	/** Follow-through for the last `weeks` weeks, oldest first. */
	trend(weeks = 12): WeekFollowThrough[] {
		return this.#memo(`trend:${weeks}`, () => weeklyTrend(this.ledger, weeks));
	}

	/** Behaviours per day for the heat map: whole weeks, Monday first, up to today. */
	get calendar(): CalendarDay[] {
		return this.#memo('calendar', () =>
			calendar(this.ledger, addDays(weekStart(this.today), -7 * (CALENDAR_WEEKS - 1)))
		);
	}

	/** Backup versions used over the last `days` days, newest first, for the review. */
	backups(days = 28): BackupUse[] {
		return this.#memo(`backups:${days}`, () =>
			backupReview(this.ledger, addDays(this.today, -(days - 1))).reverse()
		);
	}

	/** What waits for the next check-in ("let's talk"), oldest first. */
	get agenda(): TalkItem[] {
		return this.#memo('agenda', () => talkItems(this.doc));
	}

	/** Every check-in's timing (planned, started, postponed), oldest first. */
	get checkins(): CheckinTime[] {
		return this.#memo('checkins', () => checkinTimes(this.doc, this.#cache.now()));
	}

	/** Punctuality to check-ins in the couple's grace window, or null before any was due. */
	get punctuality(): Punctuality | null {
		return this.#memo('punctuality', () => {
			const p = checkinPunctuality(this.doc, this.#cache.now());
			return p.considered ? p : null;
		});
	}

	/** Every milestone reached, oldest first. */
	get milestones(): Milestone[] {
		return this.#memo('milestones', () => milestones(this.ledger, this.checkins));
	}
}

const views = new WeakMap<Y.Doc, TrackerView>();

/** The one view of a document, shared by every page that shows the tracker. */
export function trackerView(doc: Y.Doc): TrackerView {
	let view = views.get(doc);
	if (!view) views.set(doc, (view = new TrackerView(doc)));
	return view;
}

/** A tally in words: "Of 6 expected: 4 kept, one backup version (half each); …". */
export function tallyWords(t: Tally): string {
	const parts = [`${t.kept} kept`];
	if (t.backup) parts.push(`${counted(t.backup, 'backup version')} (half each)`);
	if (t.missed) parts.push(`${count(t.missed)} not kept`);
	let out = t.expected
		? `Of ${t.expected} expected: ${parts.join(', ')}.`
		: 'Nothing expected yet.';
	if (t.excused) out += ` ${capital(counted(t.excused, 'excused day'))} didn’t count.`;
	return out;
}

function capital(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A share as a whole percentage. */
export function percent(x: number): string {
	return `${Math.round(x * 100)}%`;
}

/** How each outcome reads on a button and in the record. */
export const OUTCOME_WORDS = {
	kept: 'Kept',
	backup: 'Kept the backup version',
	notToday: 'Not today',
	excused: 'Excused'
} as const;

/** A reaction's meaning, for its button's accessible name. */
export const REACTION_WORDS: Record<string, string> = {
	'💛': 'warmth',
	'🙏': 'thanks',
	'🌱': 'growing',
	'👏': 'well done'
};

// Dates are written the app's one way (`core/time.ts`).
export { dayMonth, longDay, shortDay } from '../core/time';

import { REFUSAL_WORDS as WORDS } from '../core/words';

/** The calm words for a refused write; in the tracker, "invalid" says what is usually missing. */
export const REFUSAL_WORDS: Record<string, string> = {
	...WORDS,
	invalid: 'Something is missing or too long: an excused day needs a reason, and notes stay short.'
};
