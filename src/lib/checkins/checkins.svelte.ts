/**
 * The check-ins' reactive view: the only place the weekly check-in meets Svelte. Getters read the
 * shared document (and this person's private one, for unrevealed drafts) each time; whoever read
 * them re-runs when a watched root changes, or once a minute, so "today" and "overdue" move on.
 */
import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { roots, type Instant, type Partner, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import { WEEKDAYS } from '../core/calendar';
import { writeDay } from '../core/time';
import { trackerView } from '../tracker/tracker.svelte';
import { listSetbacks, type SetbackView } from '../setbacks';
import {
	actionItems,
	answersOf,
	appreciationsOf,
	checkinPunctuality,
	checkinSchedule,
	currentCheckin,
	customPrompts,
	draftOf,
	groundRules,
	hasSubmitted,
	listCheckins,
	openActionItems,
	readCheckin,
	revealIfReady,
	revealState,
	victoriesOf,
	weekInNumbers,
	type ActionItemView,
	type Appreciation,
	type Checkin,
	type CheckinState,
	type Draft,
	type GroundRulesView,
	type Prompt,
	type RevealState,
	type RevealedAnswers,
	type Schedule,
	type Victory,
	type WeekInNumbers
} from './index';
import { YOUR_PARTNER } from '../core/words';

/** How often time-based states ("today", "not held") are re-read. */
const TICK_MS = 60_000;

/** The weekly check-in as both partners see it, and this person's private drafts. */
export class CheckinsView {
	readonly doc: Y.Doc;
	readonly privateDoc: Y.Doc;
	#subscribe: () => void;

	constructor(doc: Y.Doc, privateDoc: Y.Doc) {
		this.doc = doc;
		this.privateDoc = privateDoc;
		const watched = [
			roots.checkins(doc),
			roots.settings(doc),
			roots.setbacks(doc),
			roots.revisions(doc),
			roots.signatures(doc),
			roots.partners(doc),
			roots.moments(doc),
			roots.log(doc)
		] as Y.Map<unknown>[];
		this.#subscribe = createSubscriber((update) => {
			for (const t of watched) t.observe(update);
			// Drafts: any change to the private document (wherever the model keeps them).
			privateDoc.on('update', update);
			const timer = setInterval(update, TICK_MS);
			return () => {
				clearInterval(timer);
				privateDoc.off('update', update);
				for (const t of watched) t.unobserve(update);
			};
		});
	}

	/** The clock, re-read by whoever depends on it once a minute. */
	get now(): Instant {
		this.#subscribe();
		return Date.now();
	}

	/** The two partners (one until the other joins). */
	get partners(): Partner[] {
		this.#subscribe();
		return activePartners(this.doc);
	}

	/** The partners' ids. */
	get partnerIds(): PartnerId[] {
		return this.partners.map((p) => p.id);
	}

	/** A partner's name, or a kind stand-in for an id not known here yet. */
	nameOf(id: PartnerId | undefined): string {
		return this.partners.find((p) => p.id === id)?.name ?? YOUR_PARTNER;
	}

	/** The weekly time in force. */
	get schedule(): Schedule | undefined {
		this.#subscribe();
		return checkinSchedule(this.doc);
	}

	/** The couple's ground rules, if written. */
	get groundRules(): GroundRulesView | undefined {
		this.#subscribe();
		return groundRules(this.doc);
	}

	/** The couple's own prompts; `withRemoved` keeps retired ones for past answers. */
	prompts(withRemoved = false): Prompt[] {
		this.#subscribe();
		return customPrompts(this.doc, withRemoved);
	}

	/** The check-in to show now. */
	get current(): Checkin | undefined {
		return currentCheckin(this.doc, this.now);
	}

	/** Every check-in anyone acted on, oldest first. */
	get all(): Checkin[] {
		return listCheckins(this.doc, this.now);
	}

	/** One check-in, recorded or planned from the schedule. */
	checkin(id: string): Checkin | undefined {
		return readCheckin(this.doc, id, this.now);
	}

	/** This person's private draft for a check-in. */
	draft(id: string): Draft | undefined {
		this.#subscribe();
		return draftOf(this.privateDoc, id);
	}

	/** True when that partner submitted (never what). */
	submitted(id: string, partnerId: PartnerId): boolean {
		this.#subscribe();
		return hasSubmitted(this.doc, id, partnerId);
	}

	/** Where the reveal stands for `me`. */
	reveal(id: string, me: PartnerId): RevealState {
		return revealState(this.doc, id, me, this.partnerIds);
	}

	/** A partner's revealed answers. */
	answers(id: string, partnerId: PartnerId): RevealedAnswers | undefined {
		this.#subscribe();
		return answersOf(this.doc, id, partnerId);
	}

	/** Small victories named at a check-in. */
	victories(id: string): Victory[] {
		this.#subscribe();
		return victoriesOf(this.doc, id);
	}

	/** Closing notes of a check-in. */
	appreciations(id: string): Appreciation[] {
		this.#subscribe();
		return appreciationsOf(this.doc, id);
	}

	/** Every action item with its follow-up. */
	get actionItems(): ActionItemView[] {
		return actionItems(this.doc, this.now);
	}

	/** The items on one check-in's agenda. */
	openActionItems(id: string): ActionItemView[] {
		return openActionItems(this.doc, id, this.now);
	}

	/** Every setback with where it stands. */
	get setbacks(): SetbackView[] {
		this.#subscribe();
		return listSetbacks(this.doc, this.partnerIds);
	}

	/** The week in numbers for a check-in's agenda. */
	numbers(id: string): WeekInNumbers {
		const ledger = trackerView(this.doc).ledger;
		return weekInNumbers(this.doc, ledger, id, this.partnerIds, this.now);
	}

	/** Punctuality to check-ins, with the couple's grace window. */
	get punctuality() {
		return checkinPunctuality(this.doc, this.now);
	}

	/** Each partner's felt safety over finished check-ins, oldest first. */
	feltSafety(partnerId: PartnerId): { checkin: Checkin; feltSafety: number }[] {
		const out: { checkin: Checkin; feltSafety: number }[] = [];
		for (const c of this.all) {
			const v = this.answers(c.id, partnerId)?.answers.feltSafety;
			if (typeof v === 'number') out.push({ checkin: c, feltSafety: v });
		}
		return out;
	}
}

const views = new WeakMap<Y.Doc, CheckinsView>();

/** The one view of a space's check-ins, shared by every page. */
export function checkinsView(space: { doc: Y.Doc; privateDoc: Y.Doc }): CheckinsView {
	let view = views.get(space.doc);
	if (!view) views.set(space.doc, (view = new CheckinsView(space.doc, space.privateDoc)));
	return view;
}

/**
 * Shares this person's submitted answers once both partners submitted (and later edits), for
 * every check-in they have a submitted draft for. Idempotent; returns how many were shared.
 */
export function revealMine(
	doc: Y.Doc,
	privateDoc: Y.Doc,
	me: PartnerId,
	now: Instant = Date.now()
): number {
	const partnerIds = activePartners(doc).map((p) => p.id);
	// Every check-in I submitted answers for: the shared document says which (never what).
	const mine: string[] = [];
	const prefix = 'submitted:';
	const suffix = `:${me}`;
	roots.checkins(doc).forEach((_, key) => {
		if (key.startsWith(prefix) && key.endsWith(suffix))
			mine.push(key.slice(prefix.length, -suffix.length));
	});
	let shared = 0;
	for (const checkinId of mine)
		if (revealIfReady(doc, privateDoc, checkinId, me, partnerIds, now)) shared++;
	return shared;
}

/** A schedule weekday (0 = Sunday) in words. */
export function weekdayWord(weekday: number): string {
	return WEEKDAYS[weekday] ?? '';
}

// Times and dates are written the app's one way (`core/time.ts`).
export { clock, clockTime, dateWords, when } from '../core/time';

/** The same words with a capital first letter, to open a sentence. */
export function capital(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "the week of 2 March", for a check-in id. */
export function weekWords(checkinId: string): string {
	return `the week of ${writeDay(weekOf(checkinId), 'dayMonth')}`;
}

/** Where a check-in stands, in calm words (never a verdict). */
export const STATE_WORDS: Record<CheckinState, string> = {
	planned: 'Planned',
	postponed: 'Moved to a new time',
	inProgress: 'Under way',
	paused: 'Paused for a breath',
	stopped: 'Stopped for now',
	finished: 'Finished together',
	unfinished: 'Started, not finished — that’s all right',
	notHeld: 'Didn’t happen this week — weeks like that happen'
};

/** The week a check-in id names, for its URL (`/checkin/2026-03-02`). */
export function weekOf(checkinId: string): string {
	return checkinId.slice('checkin:'.length);
}

export { REFUSAL_WORDS } from '../core/words';
