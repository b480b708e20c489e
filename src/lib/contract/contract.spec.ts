import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roots, writeInitialContent } from '../schema';
import { connect, exchange, peers } from '../test/peers';
import {
	addClause,
	archiveClause,
	clauseText,
	contractText,
	editClauseText,
	editContractText,
	ensureContractTexts,
	getClause,
	listClauses,
	moveClause,
	readContractHeader,
	restoreClause,
	setClauseFields
} from './contract';

const T = 1_700_000_000_000;
const ids = (doc: Y.Doc) => listClauses(doc).map((c) => c.commitment);

/** A shared start: A creates the space and some clauses, B syncs; both then go offline. */
function space(...commitments: string[]) {
	const [a, b] = peers();
	writeInitialContent(a, { id: 'ana', name: 'Ana' }, T);
	for (const commitment of commitments) addClause(a, { by: 'ana', commitment }, T);
	exchange(a, b);
	return {
		a,
		b,
		byText: (doc: Y.Doc, text: string) => listClauses(doc).find((c) => c.commitment === text)!.id
	};
}

describe('clauses', () => {
	test('a new clause reads back with every field, and defaults for what was not given', () => {
		const [a] = peers();
		const id = addClause(
			a,
			{ by: 'ana', commitment: 'Call at lunch', timeline: { kind: 'daily', byTime: '12:30' } },
			T
		);
		expect(getClause(a, id)).toEqual({
			id,
			kind: 'behaviour',
			owner: 'both',
			timeline: { kind: 'daily', byTime: '12:30' },
			commitment: 'Call at lunch',
			action: '',
			examples: '',
			consequence: '',
			backup: '',
			touchBase: '',
			order: 1,
			createdAt: T,
			createdBy: 'ana',
			updatedAt: T
		});
		expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});

	test('a boundary is always "always", whatever timeline it is given', () => {
		const [a] = peers();
		const id = addClause(a, { by: 'ana', kind: 'boundary', timeline: { kind: 'daily' } }, T);
		expect(getClause(a, id)?.timeline).toEqual({ kind: 'always' });
		setClauseFields(a, id, { timeline: { kind: 'weekly', weekday: 1 } }, T + 1);
		expect(getClause(a, id)?.timeline).toEqual({ kind: 'always' });
		// Back to a behaviour: 'always' is dropped so a real cadence gets chosen.
		setClauseFields(a, id, { kind: 'behaviour' }, T + 2);
		expect(getClause(a, id)?.timeline).toBeNull();
		setClauseFields(a, id, { timeline: { kind: 'timesPerWeek', times: 3 }, owner: 'ben' }, T + 3);
		// Re-choosing "behaviour" on a behaviour keeps its cadence.
		setClauseFields(a, id, { kind: 'behaviour' }, T + 3);
		expect(getClause(a, id)).toMatchObject({
			timeline: { kind: 'timesPerWeek', times: 3 },
			owner: 'ben',
			updatedAt: T + 3
		});
	});

	test('a clause with missing or malformed fields still reads, with defaults', () => {
		const [a] = peers();
		const bare = new Y.Map<unknown>();
		roots.clauses(a).set('bare', bare);
		bare.set('timeline', { kind: 'weekly', weekday: 9 });
		bare.set('commitment', 'plain string, not Y.Text');
		expect(getClause(a, 'bare')).toMatchObject({
			kind: 'behaviour',
			owner: 'both',
			timeline: null,
			commitment: 'plain string, not Y.Text',
			action: '',
			order: 0
		});
		// Editing a field whose Y.Text is missing creates it.
		editClauseText(a, 'bare', 'action', 'Send a photo', T);
		expect(clauseText(a, 'bare', 'action')?.toString()).toBe('Send a photo');
	});

	test('concurrent edits to one clause text keep both partners’ words', () => {
		const { a, b, byText } = space('Call at 8 pm');
		const id = byText(a, 'Call at 8 pm');
		editClauseText(a, id, 'commitment', 'Call you at 8 pm', T + 1);
		editClauseText(b, id, 'commitment', 'Call at 8 pm every evening', T + 1);
		exchange(a, b);
		expect(getClause(a, id)?.commitment).toBe('Call you at 8 pm every evening');
		expect(getClause(b, id)?.commitment).toBe('Call you at 8 pm every evening');
	});

	test('two partners typing into the same Y.Text live both keep every character', () => {
		const { a, b, byText } = space('');
		const id = byText(a, '');
		const disconnect = connect(a, b);
		const ta = clauseText(a, id, 'examples')!;
		const tb = clauseText(b, id, 'examples')!;
		ta.insert(0, 'Texted from the station');
		tb.insert(tb.length, '\nCalled when late 🙏');
		ta.insert(0, 'שלום — ');
		disconnect();
		tb.insert(0, '• ');
		ta.insert(ta.length, ' ✅');
		exchange(a, b);
		expect(ta.toString()).toBe('• שלום — Texted from the station\nCalled when late 🙏 ✅');
		expect(tb.toString()).toBe(ta.toString());
	});

	test('editing next to an emoji never splits it', () => {
		const [a] = peers();
		const id = addClause(a, { by: 'ana', commitment: 'Hug 🤗 daily' }, T);
		// Same high surrogate, different low one: a naive prefix diff would cut the pair.
		editClauseText(a, id, 'commitment', 'Hug 🤝 daily', T);
		expect(getClause(a, id)?.commitment).toBe('Hug 🤝 daily');
		editClauseText(a, id, 'commitment', 'Hug 🤝🏽 daily', T);
		expect(getClause(a, id)?.commitment).toBe('Hug 🤝🏽 daily');
	});

	test('an enormous paste is clamped, and the edit says so calmly', () => {
		const [a] = peers();
		const id = addClause(a, { by: 'ana' }, T);
		const result = editClauseText(a, id, 'commitment', 'x'.repeat(1_000_000), T);
		expect(getClause(a, id)?.commitment).toHaveLength(500);
		expect(result.clamped).toBe(true);
		expect(result.message).toBe('This field holds up to 500 characters, so we kept the first 500.');
	});
});

describe('order', () => {
	test('moving a clause writes only its own order', () => {
		const { a } = space('one', 'two', 'three');
		moveClause(a, listClauses(a)[2].id, 0, T + 1);
		expect(ids(a)).toEqual(['three', 'one', 'two']);
		moveClause(a, listClauses(a)[0].id, 3, T + 2);
		expect(ids(a)).toEqual(['one', 'two', 'three']);
		moveClause(a, listClauses(a)[0].id, 1, T + 3);
		expect(ids(a)).toEqual(['two', 'one', 'three']);
	});

	test('concurrent reorders keep every clause exactly once, in the same order on both', () => {
		const { a, b, byText } = space('one', 'two', 'three', 'four', 'five');
		moveClause(a, byText(a, 'five'), 0, T + 1);
		moveClause(a, byText(a, 'two'), 4, T + 1);
		moveClause(b, byText(b, 'one'), 4, T + 1);
		moveClause(b, byText(b, 'five'), 2, T + 1); // both move "five"
		moveClause(b, byText(b, 'three'), 0, T + 1);
		exchange(a, b);
		expect(ids(a)).toEqual(ids(b));
		expect([...ids(a)].sort()).toEqual(['five', 'four', 'one', 'three', 'two']);
	});

	test('clauses added at once on two devices both appear, in the same order on both', () => {
		const { a, b } = space('one');
		addClause(a, { by: 'ana', commitment: 'from Ana' }, T + 1);
		addClause(b, { by: 'ben', commitment: 'from Ben' }, T + 1);
		exchange(a, b);
		expect(ids(a)).toHaveLength(3);
		expect(ids(a)).toEqual(ids(b));
		// They tie on order; moving a clause between the two still works.
		moveClause(a, listClauses(a)[0].id, 1, T + 2);
		expect(ids(a)[1]).toBe('one');
	});

	test('when halving runs out of precision, clauses are renumbered and nothing is lost', () => {
		const { a } = space('one', 'two', 'three');
		for (let i = 0; i < 80; i++) moveClause(a, listClauses(a)[2].id, 1, T + i);
		expect(listClauses(a)).toHaveLength(3);
		expect(new Set(listClauses(a).map((c) => c.order)).size).toBe(3);
		expect(ids(a)[0]).toBe('one');
	});
});

describe('archive', () => {
	test('archived clauses leave the list, stay in history and come back in place', () => {
		const { a, byText } = space('one', 'two', 'three');
		const two = byText(a, 'two');
		archiveClause(a, two, T + 1);
		expect(ids(a)).toEqual(['one', 'three']);
		expect(listClauses(a, { archived: true }).map((c) => c.archivedAt)).toEqual([
			undefined,
			T + 1,
			undefined
		]);
		restoreClause(a, two, T + 2);
		expect(ids(a)).toEqual(['one', 'two', 'three']);
		expect(getClause(a, two)?.archivedAt).toBeUndefined();
	});

	test('an edit made while the partner archived the clause is kept', () => {
		const { a, b, byText } = space('one');
		const id = byText(a, 'one');
		archiveClause(a, id, T + 1);
		editClauseText(b, id, 'consequence', 'We talk it through on Sunday', T + 1);
		exchange(a, b);
		restoreClause(a, id, T + 2);
		exchange(a, b);
		expect(getClause(b, id)).toMatchObject({ consequence: 'We talk it through on Sunday' });
		expect(getClause(b, id)?.archivedAt).toBeUndefined();
	});
});

describe('title and why', () => {
	test('the creator writes both texts; a joiner reads them empty, then both co-edit', () => {
		const { a, b } = space();
		expect(contractText(b, 'title')).toBeInstanceOf(Y.Text);
		expect(readContractHeader(b)).toEqual({ title: '', why: '' });
		editContractText(a, 'title', 'Our agreement');
		exchange(a, b);
		editContractText(a, 'title', 'Our agreement, spring');
		editContractText(b, 'title', 'Our new agreement');
		editContractText(b, 'why', 'So we both feel safe.\nAnd seen.');
		exchange(a, b);
		expect(readContractHeader(a)).toEqual({
			title: 'Our new agreement, spring',
			why: 'So we both feel safe.\nAnd seen.'
		});
		expect(readContractHeader(b)).toEqual(readContractHeader(a));
	});

	test('absent texts read as empty; ensureContractTexts creates them once', () => {
		const [a] = peers();
		expect(readContractHeader(a)).toEqual({ title: '', why: '' });
		expect(contractText(a, 'why')).toBeUndefined();
		ensureContractTexts(a);
		const title = contractText(a, 'title');
		ensureContractTexts(a);
		expect(contractText(a, 'title')).toBe(title);
		// A title is one line.
		expect(editContractText(a, 'title', 'Us\nagain').text).toBe('Us again');
	});

	test('emoji and right-to-left text survive a round trip between peers', () => {
		const { a, b } = space();
		const words = 'اتفاقنا 💞 ברית שלנו 👩🏽‍❤️‍👨🏻';
		editContractText(a, 'why', words);
		const id = addClause(a, { by: 'ana', commitment: 'أتصل بك كل مساء 📞' }, T);
		exchange(a, b);
		expect(readContractHeader(b).why).toBe(words);
		expect(getClause(b, id)?.commitment).toBe('أتصل بك كل مساء 📞');
	});
});
