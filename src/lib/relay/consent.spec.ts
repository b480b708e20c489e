import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addPartner } from '../partners/partners';
import { roots, writeInitialContent } from '../schema';
import { agreement, journalMailbox, setJournalConsent, setSpaceConsent } from './consent';

function exchange(...docs: Y.Doc[]) {
	for (const from of docs)
		for (const to of docs)
			if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function couple() {
	const alex = { doc: new Y.Doc(), private: new Y.Doc() };
	const sam = { doc: new Y.Doc(), private: new Y.Doc() };
	writeInitialContent(alex.doc, { id: 'alex', name: 'Alex' }, 1000);
	addPartner(sam.doc, 'sam', 'Sam', 2000);
	exchange(alex.doc, sam.doc);
	return { alex, sam };
}

describe('both partners agree', () => {
	test('on only when both said yes; each device shows who has agreed', () => {
		const { alex, sam } = couple();
		setSpaceConsent(alex.doc, alex.private, 'alex', true);
		exchange(alex.doc, sam.doc);
		expect(agreement(sam.doc, sam.private, 'sam')).toMatchObject({
			agreed: false,
			me: false,
			partner: true
		});
		expect(agreement(alex.doc, alex.private, 'alex')).toMatchObject({
			agreed: false,
			me: true,
			partner: false
		});
		setSpaceConsent(sam.doc, sam.private, 'sam', true);
		exchange(alex.doc, sam.doc);
		expect(agreement(alex.doc, alex.private, 'alex').agreed).toBe(true);
		expect(agreement(sam.doc, sam.private, 'sam').agreed).toBe(true);
	});

	test('a partner who writes a false yes for the other into the shared space does not turn the other’s device on', () => {
		const { alex, sam } = couple();
		setSpaceConsent(alex.doc, alex.private, 'alex', true);
		// Alex, with dev tools, writes Sam's consent directly.
		roots.relay(alex.doc).set('consent:sam', { on: true, at: 5 });
		exchange(alex.doc, sam.doc);
		expect(agreement(sam.doc, sam.private, 'sam').agreed).toBe(false);
	});

	test('either turning it off ends it for both, and on again opens a fresh mailbox (a new epoch)', () => {
		const { alex, sam } = couple();
		setSpaceConsent(alex.doc, alex.private, 'alex', true);
		setSpaceConsent(sam.doc, sam.private, 'sam', true);
		exchange(alex.doc, sam.doc);
		const before = agreement(alex.doc, alex.private, 'alex').epoch;
		setSpaceConsent(sam.doc, sam.private, 'sam', false);
		exchange(alex.doc, sam.doc);
		expect(agreement(alex.doc, alex.private, 'alex')).toMatchObject({
			agreed: false,
			epoch: before + 1
		});
		setSpaceConsent(sam.doc, sam.private, 'sam', true);
		exchange(alex.doc, sam.doc);
		expect(agreement(alex.doc, alex.private, 'alex')).toMatchObject({
			agreed: true,
			epoch: before + 1
		});
	});

	test('the journal’s switch is its own, in the private document only', () => {
		const { alex } = couple();
		setJournalConsent(alex.private, true);
		expect(journalMailbox(alex.private)).toEqual({ on: true, epoch: 0 });
		expect(roots.relay(alex.doc).size).toBe(0);
		setJournalConsent(alex.private, false);
		expect(journalMailbox(alex.private)).toEqual({ on: false, epoch: 1 });
	});
});
