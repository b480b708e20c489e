/**
 * Test-only: an agreed contract (and optionally tracker entries) written through the models in
 * Node, as an update to inject into a device's saved space before a reload. Lets the tracker's
 * tests run without depending on the contract's screens.
 */
import * as Y from 'yjs';
import { addClause, type Owner } from '../../src/lib/contract/clauses';
import type { Timeline } from '../../src/lib/contract/timeline';
import { hashContent, proposeVersion, signVersion } from '../../src/lib/contract/versions';
import { activePartners } from '../../src/lib/partners/partners';
import { roots, type Day, type Instant, type PartnerId } from '../../src/lib/schema';
import { generateYear } from '../../src/lib/tracker';
import { atTime } from '../../src/lib/core/calendar';

/** A clause to agree; `owner` names the first partner ('a'), the second ('b') or both. */
export interface SeedClause {
	kind: 'behaviour' | 'boundary';
	owner: 'a' | 'b' | 'both';
	commitment: string;
	backup?: string;
	timeline?: Timeline;
}

/** What the seed wrote, for the test's assertions. */
export interface Seeded {
	update: Uint8Array;
	a: PartnerId;
	b: PartnerId;
	clauseIds: string[];
}

/**
 * Agrees a contract on top of a saved space: both partners sign at `signedAt`. `more` may write
 * further records (entries…) into the same update. A second partner can be added for
 * single-device tests with `addPartner`.
 */
export function agreedContract(
	saved: Uint8Array,
	clauses: SeedClause[],
	signedAt: Instant,
	options: {
		addPartner?: { id: PartnerId; name: string };
		more?: (doc: Y.Doc, ids: { a: PartnerId; b: PartnerId; clauseIds: string[] }) => void;
	} = {}
): Seeded {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, saved);
	const before = Y.encodeStateVector(doc);
	const a = activePartners(doc)[0]?.id;
	let b = activePartners(doc)[1]?.id;
	if (options.addPartner) {
		const { id, name } = options.addPartner;
		const joinedAt = Math.max(signedAt, ...activePartners(doc).map((p) => p.joinedAt + 1));
		roots.partners(doc).set(id, { id, name, joinedAt, updatedAt: joinedAt });
		b = id;
	}
	if (!a || !b) throw new Error('The space needs both partners before a contract can be agreed');
	const owner = (o: SeedClause['owner']): Owner => (o === 'a' ? a : o === 'b' ? b : 'both');
	const clauseIds = clauses.map((c) =>
		addClause(
			doc,
			{
				by: a,
				kind: c.kind,
				owner: owner(c.owner),
				commitment: c.commitment,
				backup: c.backup ?? '',
				timeline: c.timeline ?? null
			},
			signedAt
		)
	);
	const version = proposeVersion(doc, { by: a, note: 'Our first version' }, signedAt);
	for (const by of [a, b]) {
		const res = signVersion(doc, { versionId: version.id, by, hash: version.hash }, signedAt);
		if (!res.ok) throw new Error(res.message);
	}
	options.more?.(doc, { a, b, clauseIds });
	return { update: Y.encodeStateAsUpdate(doc, before), a, b, clauseIds };
}

/**
 * A realistic year of both partners' tracker (the model's `generateYear`) ending `to`, with each
 * of its agreed periods written as a version both signed on its first day. For screenshots and
 * for timing Today and the charts with a year of data.
 */
export function yearOfData(saved: Uint8Array, to: Day, seed = 1): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, saved);
	const before = Y.encodeStateVector(doc);
	const [a, b] = activePartners(doc).map((p) => p.id);
	if (!a || !b) throw new Error('The space needs both partners first');
	const year = generateYear(doc, { partners: [a, b], to, seed });
	year.periods.forEach((period, i) => {
		const content = {
			title: 'Our contract',
			why: 'Small, visible steps, kept where both of us can see them.',
			clauses: period.commitments.map((c) => ({
				id: c.id,
				kind: c.kind,
				owner: c.owner,
				timeline: c.timeline,
				commitment: c.commitment,
				action: '',
				examples: '',
				consequence: '',
				backup: c.backup,
				touchBase: ''
			}))
		};
		const at = atTime(period.from, '09:00') + i;
		const id = `year-v${i + 1}`;
		const hash = hashContent(content);
		roots.revisions(doc).set(id, {
			id,
			number: i + 1,
			note: '',
			content,
			hash,
			proposedBy: a,
			proposedAt: at
		});
		for (const by of [a, b])
			roots
				.signatures(doc)
				.set(`${id}:${by}`, { versionId: id, partnerId: by, hash, signedAt: at });
	});
	return Y.encodeStateAsUpdate(doc, before);
}
