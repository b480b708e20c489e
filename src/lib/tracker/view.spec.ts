import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { addClause } from '../contract/clauses';
import { proposeVersion, signVersion } from '../contract/versions';
import { addPartner } from '../partners/partners';
import { logSetback } from '../setbacks/setbacks';
import { writeInitialContent } from '../schema';
import { exchange } from '../test/peers';
import { atTime } from '../core/calendar';
import { A, B } from './fixtures';
import { recordEntry } from './tracker';
import { agreementOf, TrackerView } from './tracker.svelte';

function space(): Y.Doc {
	const doc = new Y.Doc();
	writeInitialContent(doc, { id: A, name: 'Alex' }, atTime('2026-03-01', '09:00'));
	addPartner(doc, B, 'Sam', atTime('2026-03-01', '10:00'));
	return doc;
}

function agree(doc: Y.Doc, day: string, signers = [A, B]): void {
	const at = atTime(day, '12:00');
	const v = proposeVersion(doc, { by: A, note: '' }, at);
	for (const by of signers) signVersion(doc, { versionId: v.id, by, hash: v.hash }, at);
}

test('each version both signed is a period from the day of its last signature', () => {
	const doc = space();
	const call = addClause(
		doc,
		{ by: A, owner: A, commitment: 'Call', timeline: { kind: 'daily' } },
		atTime('2026-03-01')
	);
	expect(agreementOf(doc, [A, B]).periods).toEqual([]);
	agree(doc, '2026-03-02');
	agree(doc, '2026-03-09', [A]); // proposed, signed by one: not agreed
	const { periods } = agreementOf(doc, [A, B]);
	expect(periods.map((p) => p.from)).toEqual(['2026-03-02']);
	expect(periods[0].commitments.map((c) => [c.id, c.owner, c.timeline])).toEqual([
		[call, A, { kind: 'daily' }]
	]);
	// One partner alone never agrees anything.
	expect(agreementOf(doc, [A]).periods).toEqual([]);
});

test('a later version never starts before an earlier one, whatever the clocks said', () => {
	const doc = space();
	addClause(doc, { by: A, commitment: 'Walk', timeline: { kind: 'daily' } }, 0);
	agree(doc, '2026-03-10');
	agree(doc, '2026-03-05'); // a device whose clock was behind
	expect(agreementOf(doc, [A, B]).periods.map((p) => p.from)).toEqual(['2026-03-10', '2026-03-10']);
});

test('the view reads the ledger once per change and follows a peer’s entries', () => {
	const a = space();
	const b = new Y.Doc();
	const call = addClause(
		a,
		{ by: A, owner: A, commitment: 'Call', timeline: { kind: 'daily' } },
		atTime('2026-03-01')
	);
	agree(a, '2026-03-02');
	exchange(a, b);
	let now = atTime('2026-03-04', '20:00');
	const view = new TrackerView(a, { now: () => now });
	expect(view.isAgreed).toBe(true);
	const first = view.ledger;
	expect(view.ledger).toBe(first);
	expect(view.due(A).map((i) => i.slot?.outcome)).toEqual([undefined]);

	recordEntry(b, { clauseId: call, day: '2026-03-04', partnerId: A, outcome: 'kept' }, now);
	exchange(a, b);
	expect(view.ledger).not.toBe(first);
	expect(view.due(A).map((i) => i.slot?.outcome)).toEqual(['kept']);
	expect(view.summaries.map((s) => s.week?.kept)).toEqual([1]);

	// A new day is a new ledger, even with no change to the document.
	const before = view.ledger;
	now = atTime('2026-03-05', '08:00');
	expect(view.today).toBe('2026-03-05');
	expect(view.ledger).not.toBe(before);
	view.destroy();
});

test('a setback logged against a boundary is a lapse of it that day', () => {
	const doc = space();
	const phone = addClause(
		doc,
		{ by: A, owner: A, kind: 'boundary', commitment: 'Phone stays open' },
		atTime('2026-03-01')
	);
	agree(doc, '2026-03-02');
	const now = atTime('2026-03-04', '20:00');
	const view = new TrackerView(doc, { now: () => now });
	expect(view.due(A).map((i) => i.lapsed)).toEqual([false]);
	const res = logSetback(
		doc,
		{ by: A, whatHappened: 'Hid my phone at dinner.', clauseIds: [phone], partnerId: A },
		[A, B],
		now
	);
	expect(res.ok).toBe(true);
	expect(view.due(A).map((i) => i.lapsed)).toEqual([true]);
	expect(view.summaries[0].boundary?.sentence).toBe('kept 2 of 3 days since it began');
	expect(view.punctuality).toBeNull();
});
