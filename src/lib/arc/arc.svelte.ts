/**
 * The long arc's reactive view: the only place the arc meets Svelte. The whole arc is read once
 * per document change (and per calendar day) and every zoom is a fold of its weekly rows, so
 * panning and zooming never re-read the document. Nothing from Yjs is copied into $state:
 * `createSubscriber` re-runs whoever read a getter when a watched root changes or midnight passes.
 */
import type * as Y from 'yjs';
import { DailyCache } from '../daily-cache.svelte';
import { roots, type Instant, type Partner, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import { dayDate, monthWords, writeDay } from '../core/time';

// Dates are written the app's one way (`core/time.ts`).
export { dayDate, monthWords } from '../core/time';
import { earlyDays, type EarlyDays } from './early';
import {
	contentHash,
	currentSummaryRequest,
	fold,
	howFar,
	lookBackInvitation,
	readArc,
	summaryContent,
	summaryStatus,
	type Arc,
	type Bucket,
	type HowFar,
	type Invitation,
	type Reflection,
	type Selection,
	type SummaryContent,
	type SummaryRequest,
	type SummaryStatus,
	type Zoom
} from './index';
import { YOUR_PARTNER } from '../core/words';

/** Options for tests and benchmarks; the app passes none. */
export interface ArcViewOptions {
	now?: () => Instant;
}

/** The long arc as both partners see it. Get the shared one with `arcView(doc)`. */
export class ArcView {
	readonly doc: Y.Doc;
	#cache: DailyCache;

	constructor(doc: Y.Doc, options: ArcViewOptions = {}) {
		this.doc = doc;
		const watched = [
			roots.log(doc),
			roots.revisions(doc),
			roots.signatures(doc),
			roots.partners(doc),
			roots.checkins(doc),
			roots.setbacks(doc),
			roots.settings(doc),
			roots.reflections(doc)
		] as Y.Map<unknown>[];
		this.#cache = new DailyCache(watched, { deep: false, now: options.now });
	}

	/** Stops following the document (views made with `arcView` live as long as it). */
	destroy(): void {
		this.#cache.destroy();
	}

	#memo<T>(key: string, compute: () => T): T {
		return this.#cache.memo(key, compute);
	}

	/** The whole arc, read once for this document state and day. */
	get arc(): Arc {
		return this.#memo('arc', () => readArc(this.doc, this.#cache.now()));
	}

	/** The two partners, in the order they joined. */
	get partners(): Partner[] {
		return this.#memo('partners', () => activePartners(this.doc));
	}

	/** A partner's name, or a kind stand-in. */
	nameOf(id: PartnerId | undefined): string {
		return this.partners.find((p) => p.id === id)?.name ?? YOUR_PARTNER;
	}

	/** The arc in weeks, months or years, oldest first. */
	buckets(zoom: Zoom): Bucket[] {
		return this.#memo(`buckets:${zoom}`, () => fold(this.arc.rows, zoom));
	}

	/** While the score is young: days kept, follow-through, and when the score will mean something. */
	get early(): EarlyDays | null {
		return this.#memo('early', () => earlyDays(this.arc));
	}

	/** The first four weeks beside the last four (and last year's), in words. */
	get howFar(): HowFar {
		return this.#memo('howFar', () => {
			const arc = this.arc;
			return howFar(arc.rows, arc.today, arc.partners, {
				nameOf: (id) => this.nameOf(id),
				dayWords: dayDate,
				firstEntry: arc.firstEntry
			});
		});
	}

	/** Every reflection, oldest month first. */
	get reflections(): Reflection[] {
		return this.arc.reflections;
	}

	/** The month the couple is invited to look back on, if one is due. */
	get invitation(): Invitation | undefined {
		return this.#memo('invitation', () =>
			lookBackInvitation(this.arc.reflections, this.arc.today, this.arc.start)
		);
	}

	/** The counsellor summary being prepared, if any. */
	get summary(): SummaryRequest | undefined {
		return this.#memo('summary', () => currentSummaryRequest(this.doc));
	}

	/** A summary's contents for a selection, as this device computes them. */
	summaryContent(selection: Selection): SummaryContent {
		return this.#memo(`content:${JSON.stringify(selection)}`, () =>
			summaryContent(this.doc, this.arc, selection)
		);
	}

	/** The hash of those contents: what an approval names. */
	summaryHash(selection: Selection): string {
		return this.#memo(`hash:${JSON.stringify(selection)}`, () =>
			contentHash(this.summaryContent(selection))
		);
	}

	/** Where the current summary stands, seen by `me` on this device. */
	summaryStatus(me: PartnerId): SummaryStatus | undefined {
		const r = this.summary;
		return r && summaryStatus(r, this.arc.partners, me, this.summaryHash(r.selection));
	}
}

const views = new WeakMap<Y.Doc, ArcView>();

/** The one view of a document, shared by every page of the arc. */
export function arcView(doc: Y.Doc): ArcView {
	let view = views.get(doc);
	if (!view) views.set(doc, (view = new ArcView(doc)));
	return view;
}

/** A bucket's name in full: "the week of 3 March 2026", "March 2026", "2026". */
export function bucketWords(b: Pick<Bucket, 'key'>, zoom: Zoom): string {
	if (zoom === 'weeks') return `the week of ${dayDate(b.key)}`;
	return zoom === 'months' ? monthWords(b.key.slice(0, 7)) : b.key.slice(0, 4);
}

/** A bucket's axis label: "3 Mar", "Mar" (with the year in January), "2026". */
export function axisWords(b: Pick<Bucket, 'key'>, zoom: Zoom): string {
	if (zoom === 'weeks') return writeDay(b.key, 'shortDayMonth');
	if (zoom === 'years') return b.key.slice(0, 4);
	const month = writeDay(b.key, 'shortMonth');
	return b.key.slice(5, 7) === '01' ? `${month} ${b.key.slice(0, 4)}` : month;
}

/** A share as a whole percentage. */
export function percent(x: number): string {
	return `${Math.round(x * 100)}%`;
}

/** Felt safety with one decimal ("6.5"). */
export function tenth(x: number): string {
	return (Math.round(x * 10) / 10).toFixed(1);
}
