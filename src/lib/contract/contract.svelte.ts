/**
 * The living contract as Svelte reads it: getters over the shared Y.Doc that re-run whoever read
 * them when a peer or this device changes the contract. Nothing is copied into $state; writes go
 * through the plain functions in `contract.ts` and `versions.ts`.
 */
import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import { roots, type Partner, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import {
	CLAUSE_TEXT_FIELDS,
	listClauses,
	MAX_EXAMPLES,
	readContractHeader,
	TEXT_LIMITS,
	type Clause
} from './contract';
import {
	hashContent,
	listVersions,
	liveContent,
	type VersionContent,
	type VersionInfo
} from './versions';

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

/** The contract, its versions and the two partners, read live from one shared document. */
export class ContractView {
	readonly doc: Y.Doc;
	#subscribe: () => void;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#subscribe = createSubscriber((update) => {
			const watched = [
				roots.contract(doc),
				roots.clauses(doc),
				roots.revisions(doc),
				roots.signatures(doc),
				roots.partners(doc)
			] as Y.Map<unknown>[];
			for (const type of watched) type.observeDeep(update);
			return () => watched.forEach((type) => type.unobserveDeep(update));
		});
	}

	/** Title and why as plain text. */
	get header(): { title: string; why: string } {
		this.#subscribe();
		return readContractHeader(this.doc);
	}

	/** The clauses in contract order, without archived ones. */
	get clauses(): Clause[] {
		this.#subscribe();
		return listClauses(this.doc);
	}

	/** Archived clauses, newest archived first. */
	get archived(): Clause[] {
		this.#subscribe();
		return listClauses(this.doc, { archived: true })
			.filter((c) => c.archivedAt !== undefined)
			.sort((a, b) => (b.archivedAt ?? 0) - (a.archivedAt ?? 0));
	}

	/** The two partners (or one, until the other joins). */
	get partners(): Partner[] {
		this.#subscribe();
		return activePartners(this.doc);
	}

	/** Partner names by id, for "who it's for" and signatures. */
	get partnersById(): Record<PartnerId, { name: string }> {
		return Object.fromEntries(this.partners.map((p) => [p.id, { name: p.name }]));
	}

	/** Every version, oldest first, with its label, state and valid signatures. */
	get versions(): VersionInfo[] {
		this.#subscribe();
		return listVersions(
			this.doc,
			this.partners.map((p) => p.id)
		);
	}

	/** The live contract as version content: what a proposal made now would freeze. */
	get live(): VersionContent {
		this.#subscribe();
		return liveContent(this.doc);
	}

	/** The fingerprint the live contract would have if it were proposed now. */
	get liveHash(): string {
		return hashContent(this.live);
	}

	/** Agreed, changed since agreed, proposed, or not agreed yet. */
	get standing(): ContractStanding {
		const versions = this.versions;
		const agreed = versions.find((v) => v.state === 'agreed');
		const proposal = versions.find((v) => v.state === 'proposed');
		const live = this.liveHash;
		if (proposal) {
			return { kind: 'proposed', proposal, agreed, editedSince: live !== proposal.version.hash };
		}
		if (agreed) return { kind: live === agreed.version.hash ? 'agreed' : 'changed', agreed };
		return { kind: 'draft' };
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
