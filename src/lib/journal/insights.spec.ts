import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roots } from '../schema';
import { exchange, peers } from '../test/peers';
import { createEntry, editText, setMood, setTags, sharesFrom } from './journal';
import {
	cleanInsightText,
	heldFrom,
	HELD_MAX,
	shareInsight,
	INSIGHT_MAX,
	listInsights,
	readInsight,
	shareFromEntry,
	sharedInsights,
	onWithdrawalArrived,
	withdrawInsight
} from './insights';

const T0 = Date.UTC(2026, 2, 3, 20);
const bytesOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1');

function journalWith(privateDoc: Y.Doc, text: string): string {
	const id = createEntry(privateDoc, T0);
	editText(privateDoc, id, 'text', text, T0);
	editText(privateDoc, id, 'felt', 'Tight in the chest, then easier.', T0);
	setTags(privateDoc, id, ['private-tag'], T0);
	setMood(privateDoc, id, 2, T0);
	return id;
}

describe('sharing an insight', () => {
	test('the shared copy holds only the chosen words, and nothing that points back', () => {
		const [alexShared, samShared] = peers(2);
		const alexJournal = new Y.Doc();
		const entryId = journalWith(
			alexJournal,
			'Private start. I learned to wait before replying. Private end.'
		);
		const id = shareFromEntry(alexShared, alexJournal, {
			by: 'alex',
			entryId,
			words: '  I learned to wait before replying.  ',
			now: T0 + 5
		})!;
		exchange(alexShared, samShared);

		const stored = roots.insights(samShared).get(id);
		expect(stored).toEqual({
			id,
			by: 'alex',
			text: 'I learned to wait before replying.',
			sharedAt: T0 + 5
		});
		const everything = bytesOf(samShared);
		for (const secret of [
			'Private start',
			'Private end',
			'Tight in the chest',
			'private-tag',
			entryId
		]) {
			expect(everything).not.toContain(secret);
		}
		// The link back to the entry lives only in the author's private document.
		expect(sharesFrom(alexJournal, entryId)).toEqual([id]);
	});

	test('withdrawing blanks the words in the shared document, so later syncs carry none', () => {
		const [alex, sam, samLater] = peers(3);
		const journal = new Y.Doc();
		const entryId = journalWith(journal, 'x');
		const id = shareFromEntry(alex, journal, {
			by: 'alex',
			entryId,
			words: 'Sunday walks steady me.',
			now: T0
		})!;
		exchange(alex, sam);
		expect(sharedInsights(sam).map((i) => i.text)).toEqual(['Sunday walks steady me.']);

		expect(withdrawInsight(alex, id, 'sam', T0 + 1)).toBe(false);
		expect(withdrawInsight(alex, id, 'alex', T0 + 1)).toBe(true);
		expect(bytesOf(alex)).not.toContain('Sunday walks');
		exchange(alex, sam);
		expect(sharedInsights(sam)).toEqual([]);
		expect(readInsight(sam, id)).toMatchObject({ text: '', withdrawnAt: T0 + 1 });
		expect(bytesOf(sam)).not.toContain('Sunday walks');
		// A device that syncs only now never receives the words at all.
		exchange(alex, samLater);
		expect(bytesOf(samLater)).not.toContain('Sunday walks');
		expect(listInsights(samLater)).toHaveLength(1);
	});

	test('withdrawing while offline reaches the partner on the next sync', () => {
		const [alex, sam] = peers(2);
		const id = shareFromEntry(alex, new Y.Doc(), {
			by: 'alex',
			entryId: 'e',
			words: 'Offline words.',
			now: T0
		})!;
		exchange(alex, sam);
		withdrawInsight(alex, id, 'alex', T0 + 1);
		expect(sharedInsights(sam)).toHaveLength(1);
		exchange(alex, sam);
		expect(sharedInsights(sam)).toHaveLength(0);
	});

	test('a device that held the words hears when their withdrawal arrives, and only then', () => {
		const [alex, sam] = peers(2);
		const heard = { alex: 0, sam: 0 };
		onWithdrawalArrived(alex, () => heard.alex++);
		onWithdrawalArrived(sam, () => heard.sam++);
		const id = shareFromEntry(alex, new Y.Doc(), {
			by: 'alex',
			entryId: 'e',
			words: 'Words to take back.',
			now: T0
		})!;
		shareFromEntry(alex, new Y.Doc(), { by: 'alex', entryId: 'f', words: 'Kept.', now: T0 });
		exchange(alex, sam);
		expect(heard).toEqual({ alex: 0, sam: 0 });
		withdrawInsight(alex, id, 'alex', T0 + 1);
		expect(heard).toEqual({ alex: 0, sam: 0 });
		exchange(alex, sam);
		expect(heard).toEqual({ alex: 0, sam: 1 });
		exchange(alex, sam);
		expect(heard).toEqual({ alex: 0, sam: 1 });

		// A device that never held the words has nothing to take off its disk.
		const later = new Y.Doc();
		let laterHeard = 0;
		onWithdrawalArrived(later, () => laterHeard++);
		exchange(alex, later);
		expect(laterHeard).toBe(0);
		expect(sharedInsights(later).map((i) => i.text)).toEqual(['Kept.']);
	});

	test('empty words are not shared, and long ones are cut to the limit', () => {
		const shared = new Y.Doc();
		const journal = new Y.Doc();
		expect(shareFromEntry(shared, journal, { by: 'a', entryId: 'e', words: ' \n ', now: T0 })).toBe(
			null
		);
		expect(listInsights(shared)).toEqual([]);
		expect(cleanInsightText('a'.repeat(INSIGHT_MAX + 50))).toHaveLength(INSIGHT_MAX);
		expect(cleanInsightText('one\r\n\n\n\ntwo  \nthree')).toBe('one\n\ntwo\nthree');
	});
});

describe('what a device says it holds', () => {
	test('Sam’s device names Alex’s latest insights once they arrived, and never Sam’s own', () => {
		const [alexShared, samShared] = peers(2);
		const first = shareInsight(alexShared, 'alex', 'Walking helped.', T0)!;
		const mine = shareInsight(samShared, 'sam', 'Thank you for saying so.', T0 + 1)!;
		expect(heldFrom(samShared, 'sam')).toEqual([]);
		exchange(alexShared, samShared);
		expect(heldFrom(samShared, 'sam')).toEqual([first]);
		expect(heldFrom(alexShared, 'alex')).toEqual([mine]);
		for (let i = 0; i < HELD_MAX + 5; i++) shareInsight(alexShared, 'alex', `n${i}`, T0 + 10 + i);
		exchange(alexShared, samShared);
		const held = heldFrom(samShared, 'sam');
		expect(held).toHaveLength(HELD_MAX);
		expect(readInsight(samShared, held[0])?.text).toBe(`n${HELD_MAX + 4}`);
	});
});
