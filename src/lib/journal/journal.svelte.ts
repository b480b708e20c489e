/**
 * The journal's reactive views: the only place the journal and insights meet Svelte. Getters
 * read the Yjs types directly; `createSubscriber` re-runs whoever read them when they change.
 */
import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { roots } from '../schema';
import { journalRoots, listEntries, readEntry, sharesFrom, type JournalEntry } from './journal';
import { listInsights, type Insight } from './insights';
import { searchEntries } from './search';

/** One person's journal, read from their private document. */
export class JournalView {
	#doc: Y.Doc;
	#subscribe: () => void;

	constructor(privateDoc: Y.Doc) {
		this.#doc = privateDoc;
		const entries = journalRoots.entries(privateDoc);
		const shares = journalRoots.shares(privateDoc);
		this.#subscribe = createSubscriber((update) => {
			entries.observeDeep(update);
			shares.observe(update);
			return () => {
				entries.unobserveDeep(update);
				shares.unobserve(update);
			};
		});
	}

	/** Entries not deleted, newest first. */
	get entries(): JournalEntry[] {
		this.#subscribe();
		return listEntries(this.#doc);
	}

	/** Deleted entries that still hold words, newest first. */
	get deleted(): JournalEntry[] {
		this.#subscribe();
		return listEntries(this.#doc, 'deleted');
	}

	/** Entries matching a search. */
	search(query: string): JournalEntry[] {
		return searchEntries(this.entries, query);
	}

	/** One entry, deleted or not. */
	entry(id: string): JournalEntry | undefined {
		this.#subscribe();
		return readEntry(this.#doc, id);
	}

	/** Ids of the insights shared from an entry. */
	sharedFrom(entryId: string): string[] {
		this.#subscribe();
		return sharesFrom(this.#doc, entryId);
	}
}

/** The insights in the shared space, as both partners see them. */
export class InsightsView {
	#doc: Y.Doc;
	#subscribe: () => void;

	constructor(shared: Y.Doc) {
		this.#doc = shared;
		const map = roots.insights(shared);
		this.#subscribe = createSubscriber((update) => {
			map.observe(update);
			return () => map.unobserve(update);
		});
	}

	/** Every insight, newest first, withdrawn ones included. */
	get all(): Insight[] {
		this.#subscribe();
		return listInsights(this.#doc);
	}

	/** Insights still shared by someone else than `me`, newest first. */
	fromPartner(me: string): Insight[] {
		return this.all.filter((i) => i.by !== me && !i.withdrawnAt && i.text);
	}

	/** Everything `me` has shared, withdrawn ones included (they show as withdrawn). */
	mine(me: string): Insight[] {
		return this.all.filter((i) => i.by === me);
	}
}

const journals = new WeakMap<Y.Doc, JournalView>();
const insightViews = new WeakMap<Y.Doc, InsightsView>();

/** The journal view of a private document (one per document). */
export function journalView(privateDoc: Y.Doc): JournalView {
	let view = journals.get(privateDoc);
	if (!view) journals.set(privateDoc, (view = new JournalView(privateDoc)));
	return view;
}

/** The insights view of a shared document (one per document). */
export function insightsView(shared: Y.Doc): InsightsView {
	let view = insightViews.get(shared);
	if (!view) insightViews.set(shared, (view = new InsightsView(shared)));
	return view;
}
