import { describe, expect, test } from 'vitest';
import { writeInitialContent } from '../schema';
import { addPartner } from '../partners/partners';
import { connect, peers } from '../test/peers';
import { addClause, archiveClause, editClauseText, moveClause } from './contract';
import { ContractView } from './contract.svelte';
import { canonicalJson, contentJson } from './content';
import { hashContent, liveContent, proposeVersion, signVersion } from './versions';

const T = 1_700_000_000_000;

/** Ana and Ben, synced live, with two clauses and both views open. */
function pair() {
	const [a, b] = peers();
	writeInitialContent(a, { id: 'ana', name: 'Ana' }, T);
	addPartner(a, 'ben', 'Ben', T);
	const call = addClause(a, { by: 'ana', commitment: 'Call at 20:00' }, T);
	const dishes = addClause(a, { by: 'ana', commitment: 'Do the dishes' }, T);
	connect(a, b);
	return { a, b, call, dishes, viewA: new ContractView(a), viewB: new ContractView(b) };
}

describe('the contract as a page reads it', () => {
	test('a partner’s keystrokes show at once, and leave the other clauses as they were', () => {
		const { a, call, dishes, viewB } = pair();
		const before = viewB.clauses;
		const dishesBefore = before.find((c) => c.id === dishes);
		editClauseText(a, call, 'commitment', 'Call at 20:00 when away', T + 1);
		const after = viewB.clauses;
		expect(after.map((c) => c.commitment)).toEqual(['Call at 20:00 when away', 'Do the dishes']);
		expect(after.find((c) => c.id === dishes)).toBe(dishesBefore);
		expect(after.find((c) => c.id === call)).not.toBe(before.find((c) => c.id === call));
		expect(viewB.live).toEqual(liveContent(viewB.doc));
	});

	test('order, archiving and a new clause from the partner are read again', () => {
		const { a, call, dishes, viewB } = pair();
		void viewB.clauses;
		moveClause(a, dishes, 0, T + 1);
		expect(viewB.clauses.map((c) => c.id)).toEqual([dishes, call]);
		archiveClause(a, call, T + 2);
		expect(viewB.clauses.map((c) => c.id)).toEqual([dishes]);
		expect(viewB.archived.map((c) => c.id)).toEqual([call]);
		const third = addClause(a, { by: 'ana', commitment: 'Share the calendar' }, T + 3);
		expect(viewB.clauses.map((c) => c.id)).toEqual([dishes, third]);
		expect(viewB.live).toEqual(liveContent(viewB.doc));
	});

	test('the standing follows edits away from the agreed version and back to it', () => {
		const { a, b, call, viewA, viewB } = pair();
		const version = proposeVersion(a, { by: 'ana', note: 'First' }, T + 1);
		expect(viewB.standing.kind).toBe('proposed');
		for (const [doc, by] of [
			[a, 'ana'],
			[b, 'ben']
		] as const)
			expect(signVersion(doc, { versionId: version.id, by, hash: version.hash }, T + 2).ok).toBe(
				true
			);
		expect(viewA.standing.kind).toBe('agreed');
		expect(viewB.liveHash).toBe(hashContent(liveContent(b)));

		editClauseText(b, call, 'commitment', 'Call at 21:00', T + 3);
		expect(viewA.standing.kind).toBe('changed');
		expect(viewB.standing.kind).toBe('changed');
		editClauseText(a, call, 'commitment', 'Call at 20:00', T + 4);
		expect(viewA.standing.kind).toBe('agreed');
		expect(viewB.standing.kind).toBe('agreed');
	});

	test('the live contract’s canonical form, built clause by clause, is the one that is hashed', () => {
		const { a, call, dishes, viewB } = pair();
		expect(contentJson(viewB.live)).toBe(canonicalJson(liveContent(viewB.doc)));
		editClauseText(a, call, 'commitment', 'Call at 20:00 — “always”\n\u{1F49B}', T + 1);
		editClauseText(a, dishes, 'examples', 'Sunday\nWednesday', T + 2);
		expect(contentJson(viewB.live)).toBe(canonicalJson(liveContent(viewB.doc)));
		archiveClause(a, dishes, T + 3);
		expect(contentJson(viewB.live)).toBe(canonicalJson(liveContent(viewB.doc)));
		expect(contentJson({ title: '', why: '', clauses: [] })).toBe(
			canonicalJson({ title: '', why: '', clauses: [] })
		);
	});
});
