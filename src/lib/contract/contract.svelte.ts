/**
 * The living contract as Svelte reads it: getters over the shared Y.Doc that re-run whoever read
 * them when a peer or this device changes the contract. Only change counters are $state; nothing
 * of the contract is copied into it, and writes go through the plain functions in `contract.ts`
 * and `versions.ts`.
 */
import type * as Y from 'yjs';
import { Map as YMap } from 'yjs';
import { roots, type Partner, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import {
	CLAUSE_TEXT_FIELDS,
	MAX_EXAMPLES,
	readContractHeader,
	TEXT_LIMITS,
	type Clause
} from './contract';
import { canonicalJson, contentJson, contentOf } from './content';
import { byClauseOrder, readClause } from './clauses';
import { hashContent, listVersions, type VersionContent, type VersionInfo } from './versions';

/** Where the contract stands, for the status line at the top of every contract page. */
export type ContractStanding =
	| { kind: 'draft' }
	| { kind: 'agreed'; agreed: VersionInfo }
	| { kind: 'changed'; agreed: VersionInfo }
	| { kind: 'proposed'; proposal: VersionInfo; agreed?: VersionInfo; editedSince: boolean };

/** A text that runs past what a version keeps (the editor shows a note; proposing waits). */
export interface OverLimit {
	clauseId?: string;
	field: keyof typeof TEXT_LIMITS;
	unit: 'characters' | 'lines';
	length: number;
	max: number;
}

/**
 * How many times a document's contract text, and its versions and partners, have changed. Reading
 * a count in a Svelte reaction makes it re-run on the next change: one signal read, where a
 * subscriber per read would set up an effect each time.
 */
class Changes {
	text = $state(0);
	meta = $state(0);
	/** Per clause id, the text count at which that clause last changed (read with `text`). */
	readonly clauses = new Map<string, number>();
}
const changesByDoc = new WeakMap<Y.Doc, Changes>();

/**
 * Counters bumped by one set of observers per document (however many views read it), so a
 * view can keep what it read until the part it depends on changes: a keystroke in a clause
 * re-reads the clauses once, and never the versions.
 */
function changesOf(doc: Y.Doc): Changes {
	let changes = changesByDoc.get(doc);
	if (!changes) {
		const c = new Changes();
		const clauses = roots.clauses(doc);
		roots.contract(doc).observeDeep(() => void c.text++);
		clauses.observeDeep((events) => {
			c.text++;
			for (const event of events) {
				const ids =
					event.target === clauses
						? [...(event as Y.YMapEvent<unknown>).keysChanged]
						: [event.path[0]];
				for (const id of ids) if (typeof id === 'string') c.clauses.set(id, c.text);
			}
		});
		for (const t of [
			roots.revisions(doc),
			roots.signatures(doc),
			roots.partners(doc)
		] as Y.AbstractType<unknown>[])
			t.observeDeep(() => void c.meta++);
		changesByDoc.set(doc, c);
		changes = c;
	}
	return changes;
}

/** The contract, its versions and the two partners, read live from one shared document. */
export class ContractView {
	readonly doc: Y.Doc;
	#changes: Changes;
	// Plain on purpose: a cache of derived values; reactivity comes from the change counts.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#cache = new Map<string, { stamp: number; value: unknown }>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#clauseCache = new Map<string, { stamp: number; clause: Clause }>();

	/** What `key` computed, kept until its part changes: the text, or versions and partners. */
	#memo<T>(key: string, on: 'text' | 'meta', compute: () => T): T {
		// Read only the count this value depends on: a reader of the versions or the partners
		// is not re-run by a keystroke.
		const stamp = on === 'text' ? this.#changes.text : this.#changes.meta;
		const hit = this.#cache.get(key);
		if (hit && hit.stamp === stamp) return hit.value as T;
		const value = compute();
		this.#cache.set(key, { stamp, value });
		return value;
	}

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#changes = changesOf(doc);
	}

	/** Title and why as plain text. */
	get header(): { title: string; why: string } {
		return this.#memo('header', 'text', () => readContractHeader(this.doc));
	}

	/** The clauses in contract order, without archived ones. */
	get clauses(): Clause[] {
		return this.#memo('clauses', 'text', () =>
			this.#allClauses()
				.filter((c) => c.archivedAt === undefined)
				.sort(byClauseOrder)
		);
	}

	/**
	 * Every clause, archived ones too, in no particular order. A clause that did not change
	 * since it was last read is the same object as before, so a keystroke in one clause leaves
	 * the others' cards untouched.
	 */
	#allClauses(): Clause[] {
		return this.#memo('allClauses', 'text', () => {
			const out: Clause[] = [];
			roots.clauses(this.doc).forEach((map, id) => {
				if (!(map instanceof YMap)) return;
				const stamp = this.#changes.clauses.get(id) ?? 0;
				const hit = this.#clauseCache.get(id);
				if (hit && hit.stamp === stamp) return void out.push(hit.clause);
				const clause = readClause(id, map as YMap<unknown>);
				this.#clauseCache.set(id, { stamp, clause });
				out.push(clause);
			});
			return out;
		});
	}

	/** Archived clauses, newest archived first. */
	get archived(): Clause[] {
		return this.#memo('archived', 'text', () =>
			this.#allClauses()
				.filter((c) => c.archivedAt !== undefined)
				.sort((a, b) => (b.archivedAt ?? 0) - (a.archivedAt ?? 0))
		);
	}

	/** The two partners (or one, until the other joins). */
	get partners(): Partner[] {
		return this.#memo('partners', 'meta', () => activePartners(this.doc));
	}

	/** Partner names by id, for "who it's for" and signatures. */
	get partnersById(): Record<PartnerId, { name: string }> {
		return this.#memo('partnersById', 'meta', () =>
			Object.fromEntries(this.partners.map((p) => [p.id, { name: p.name }]))
		);
	}

	/** Every version, oldest first, with its label, state and valid signatures. */
	get versions(): VersionInfo[] {
		return this.#memo('versions', 'meta', () =>
			listVersions(
				this.doc,
				this.partners.map((p) => p.id)
			)
		);
	}

	/** The live contract as version content: what a proposal made now would freeze. */
	get live(): VersionContent {
		return this.#memo('live', 'text', () => contentOf(this.header, this.clauses));
	}

	/** The fingerprint the live contract would have if it were proposed now. */
	get liveHash(): string {
		return this.#memo('liveHash', 'text', () => hashContent(this.live));
	}

	/** Agreed, changed since agreed, proposed, or not agreed yet. */
	get standing(): ContractStanding {
		const versions = this.versions;
		const agreed = versions.find((v) => v.state === 'agreed');
		const proposal = versions.find((v) => v.state === 'proposed');
		if (proposal) {
			return { kind: 'proposed', proposal, agreed, editedSince: !this.#isLive(proposal) };
		}
		if (agreed) return { kind: this.#isLive(agreed) ? 'agreed' : 'changed', agreed };
		return { kind: 'draft' };
	}

	/**
	 * Whether the live contract is what `info` froze. An intact version's hash is taken of its
	 * content's canonical form, so comparing that form is the same test without hashing the
	 * whole contract on every keystroke; a version whose content no longer matches its hash is
	 * compared by hash, as before.
	 */
	#isLive(info: VersionInfo): boolean {
		if (!info.intact) return this.liveHash === info.version.hash;
		const live = this.#memo('liveJson', 'text', () => contentJson(this.live));
		const frozen = this.#memo(`json:${info.version.id}`, 'meta', () =>
			canonicalJson(info.version.content)
		);
		return live === frozen;
	}

	/** The number the next proposal will get. */
	get nextNumber(): number {
		return 1 + Math.max(0, ...this.versions.map((v) => v.version.number));
	}

	/** One version by id, or undefined while it has not arrived on this device. */
	version(id: string): VersionInfo | undefined {
		return this.versions.find((v) => v.version.id === id);
	}

	/**
	 * The version to compare `id` with: the last one before it that both partners signed (the
	 * agreed version it would replace), or undefined for the first agreement.
	 */
	baselineFor(id: string): VersionInfo | undefined {
		const versions = this.versions;
		const at = versions.findIndex((v) => v.version.id === id);
		const signedByBoth = (v: VersionInfo) =>
			v.intact && v.signedBy.length >= 2 && v.signedBy.length === this.partners.length;
		return versions.slice(0, Math.max(0, at)).findLast(signedByBoth);
	}

	/** Texts longer than a version keeps; the editor says so, and proposing waits for them. */
	get overLimit(): OverLimit[] {
		const { title, why } = this.header;
		const texts: [OverLimit['field'], string, string?][] = [
			['title', title],
			['why', why],
			...this.clauses.flatMap((c) =>
				CLAUSE_TEXT_FIELDS.map((f): [OverLimit['field'], string, string] => [f, c[f], c.id])
			)
		];
		return texts.flatMap(([field, text, clauseId]) => {
			const over = pastLimit(field, text);
			return over ? [{ ...over, clauseId }] : [];
		});
	}
}

/** How a text runs past its field's limit (characters, or examples), or null when it fits. */
export function pastLimit(
	field: OverLimit['field'],
	text: string
): Omit<OverLimit, 'clauseId'> | null {
	if (text.length > TEXT_LIMITS[field]) {
		return { field, unit: 'characters', length: text.length, max: TEXT_LIMITS[field] };
	}
	const examples = field === 'examples' ? text.split('\n').length : 0;
	if (examples > MAX_EXAMPLES) return { field, unit: 'lines', length: examples, max: MAX_EXAMPLES };
	return null;
}
