/**
 * The setbacks' reactive view: the only place setbacks meet Svelte. Getters read the shared
 * document each time; whoever read them re-runs when setbacks, the contract's versions or the
 * partners change. Setbacks are data, not verdicts: nothing here counts or ranks them.
 */
import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { roots, type Partner, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import {
	agreedVersion,
	changesSinceAgreed,
	listVersions,
	type VersionInfo
} from '../contract/versions';
import { listClauses, type Clause } from '../contract/contract';
import { currentCheckin, type Checkin } from '../checkins';
import { listSetbacks, versionsCitingSetback, type SetbackStatus, type SetbackView } from './index';
import { YOUR_PARTNER } from '../core/words';

/** Setbacks as both partners see them, with the contract they touch. */
export class SetbacksView {
	readonly doc: Y.Doc;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#subscribe = createSubscriber((update) => {
			const flat = [
				roots.setbacks(doc),
				roots.revisions(doc),
				roots.signatures(doc),
				roots.partners(doc),
				roots.checkins(doc),
				roots.settings(doc)
			] as Y.Map<unknown>[];
			const deep = [roots.clauses(doc), roots.contract(doc)] as Y.Map<unknown>[];
			for (const t of flat) t.observe(update);
			for (const t of deep) t.observeDeep(update);
			return () => {
				for (const t of flat) t.unobserve(update);
				for (const t of deep) t.unobserveDeep(update);
			};
		});
	}

	/** The two partners. */
	get partners(): Partner[] {
		this.#subscribe();
		return activePartners(this.doc);
	}

	/** The partners' ids. */
	get partnerIds(): PartnerId[] {
		return this.partners.map((p) => p.id);
	}

	/** A partner's name, or a kind stand-in. */
	nameOf(id: PartnerId | undefined): string {
		return this.partners.find((p) => p.id === id)?.name ?? YOUR_PARTNER;
	}

	/** Every live setback, newest day first. */
	get all(): SetbackView[] {
		this.#subscribe();
		return listSetbacks(this.doc, this.partnerIds);
	}

	/** One setback, or undefined while it has not arrived (or was withdrawn). */
	byId(id: string): SetbackView | undefined {
		return this.all.find((s) => s.id === id);
	}

	/** The versions proposed from a setback, oldest first. */
	citing(id: string): VersionInfo[] {
		this.#subscribe();
		return versionsCitingSetback(this.doc, id, this.partnerIds);
	}

	/** Every version, oldest first. */
	get versions(): VersionInfo[] {
		this.#subscribe();
		return listVersions(this.doc, this.partnerIds);
	}

	/** The agreed version that counts. */
	get agreed(): VersionInfo | undefined {
		this.#subscribe();
		return agreedVersion(this.doc, this.partnerIds);
	}

	/** The live contract's clauses (what a proposal would change). */
	get liveClauses(): Clause[] {
		this.#subscribe();
		return listClauses(this.doc);
	}

	/** True when the live contract differs from the agreed version (edits not yet agreed). */
	get changedSinceAgreed(): boolean {
		this.#subscribe();
		return changesSinceAgreed(this.doc, this.partnerIds);
	}

	/** The check-in under way, if any (a setback is talked through at a check-in). */
	get checkinUnderway(): Checkin | undefined {
		this.#subscribe();
		const c = currentCheckin(this.doc);
		return c?.startedAt !== undefined ? c : undefined;
	}
}

const views = new WeakMap<Y.Doc, SetbacksView>();

/** The one setbacks view of a document. */
export function setbacksView(doc: Y.Doc): SetbacksView {
	let view = views.get(doc);
	if (!view) views.set(doc, (view = new SetbacksView(doc)));
	return view;
}

/** The three steps a setback moves through, in calm words. */
export const STATUS_STEPS: { status: SetbackStatus; label: string }[] = [
	{ status: 'logged', label: 'Written down' },
	{ status: 'talkedThrough', label: 'Talked through' },
	{ status: 'contractUpdated', label: 'Contract updated' }
];

/** A setback's step in words. */
export function statusWords(status: SetbackStatus): string {
	return STATUS_STEPS.find((s) => s.status === status)?.label ?? '';
}
