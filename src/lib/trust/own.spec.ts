import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { rememberOwn, toRestore, type OwnCopies } from './own';
import { checkRecords } from './read';
import { SIGNED_KINDS, signValue } from './records';

const T = SIGNING_SINCE + 2 * DAY;
const kindOf = () => SIGNED_KINDS.entry;

describe('nothing a person wrote is lost to a forgery', () => {
	test('Ben’s device writes back his entry after Ana overwrites it, and after she removes it', () => {
		const { ana, ben, pinned } = couple();
		const anas = new Y.Doc();
		const bens = new Y.Doc();
		const log = (doc: Y.Doc) => doc.getMap<Record<string, unknown>>('log');
		const value = { type: 'entry', id: 'b1', partnerId: 'ben', outcome: 'notToday', updatedAt: T };
		log(bens).set('b1', signValue(SIGNED_KINDS.entry, 'b1', value, ben));
		log(bens).set('b2', signValue(SIGNED_KINDS.entry, 'b2', { ...value, id: 'b2' }, ben));
		log(anas).set(
			'a1',
			signValue(SIGNED_KINDS.entry, 'a1', { ...value, id: 'a1', partnerId: 'ana' }, ana)
		);
		exchange(anas, bens);
		const check = (doc: Y.Doc) => checkRecords(log(doc), kindOf, { pinned });
		let copies: OwnCopies = rememberOwn({}, check(bens), SIGNED_KINDS.entry, 'ben');
		expect(Object.keys(copies).sort()).toEqual(['b1', 'b2']);

		// Ana makes his "not today" a "kept" (his signature no longer fits) and removes the other.
		log(anas).set('b1', { ...log(anas).get('b1'), outcome: 'kept' });
		log(anas).delete('b2');
		exchange(anas, bens);
		// Remembering again keeps the signed copies: a forged value is never remembered.
		copies = rememberOwn(copies, check(bens), SIGNED_KINDS.entry, 'ben');
		const restore = toRestore(copies, check(bens), SIGNED_KINDS.entry, 'ben');
		expect(restore.map((r) => r.key).sort()).toEqual(['b1', 'b2']);
		bens.transact(() => {
			for (const r of restore) log(bens).set(r.key, r.value as Record<string, unknown>);
		});
		exchange(anas, bens);
		for (const doc of [anas, bens]) {
			expect(
				check(doc)
					.map((r) => [r.key, r.verdict.status])
					.sort()
			).toEqual([
				['a1', 'signed'],
				['b1', 'signed'],
				['b2', 'signed']
			]);
			expect(log(doc).get('b1')?.outcome).toBe('notToday');
		}
		// Ana's device restores nothing of Ben's; Ben's nothing more.
		expect(
			toRestore(
				rememberOwn({}, check(anas), SIGNED_KINDS.entry, 'ana'),
				check(anas),
				SIGNED_KINDS.entry,
				'ana'
			)
		).toEqual([]);
		expect(toRestore(copies, check(bens), SIGNED_KINDS.entry, 'ben')).toEqual([]);
	});
});
