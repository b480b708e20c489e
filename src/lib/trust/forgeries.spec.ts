/**
 * A hostile partner writing through the shared document directly, as developer tools allow:
 * each forgery the trust core exists for, on two replicas merged as peers merge, with a score
 * computed from what counts. Nothing forged moves the score; everything stays in the document.
 */
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { emptyLockMemory, observe, type LockMemory, type SeenRecord } from './locks';
import { checkRecords, lockKey, notCountedWords } from './read';
import { SIGNED_KINDS, signValue, type RecordKind } from './records';
import type { SigningKeys } from './keys';
import type { VerifyContext } from './sign';

const START = SIGNING_SINCE + 40 * DAY;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const kindOf = (v: unknown): RecordKind | undefined =>
	(v as { type?: string } | undefined)?.type === 'entry' ? SIGNED_KINDS.entry : undefined;

function entry(partnerId: string, id: string, at: number, outcome: string) {
	return {
		type: 'entry',
		id,
		clauseId: 'walk',
		day: dayOf(at),
		partnerId,
		outcome,
		recordedAt: at,
		updatedAt: at
	};
}
function write(doc: Y.Doc, value: ReturnType<typeof entry>, keys: SigningKeys) {
	doc.getMap('log').set(value.id, signValue(SIGNED_KINDS.entry, value.id, value, keys));
}
function seen(doc: Y.Doc): SeenRecord[] {
	return [...doc.getMap<Record<string, unknown>>('log')].map(([id, v]) => ({
		key: lockKey(SIGNED_KINDS.entry, id),
		author: v.partnerId as string,
		time: v.updatedAt as number,
		lockFrom: Date.parse(`${v.day as string}T00:00:00Z`),
		value: v
	}));
}
/** How many days each partner kept the commitment, from what counts. */
function score(doc: Y.Doc, ctx: VerifyContext, locks: LockMemory) {
	const kept: Record<string, number> = { ana: 0, ben: 0 };
	for (const r of checkRecords(doc.getMap('log'), kindOf, ctx, locks)) {
		const v = r.value as { partnerId: string; outcome: string };
		if (r.counted && v.outcome === 'kept') kept[v.partnerId]++;
	}
	return kept;
}

describe('a hostile partner writing through the document', () => {
	test('cannot move the scores by writing in the other’s name, editing their entry or rewriting the past', () => {
		const { ana, ben, pinned } = couple();
		const ctx = { pinned };
		const anas = new Y.Doc();
		const bens = new Y.Doc();
		let bensLocks = emptyLockMemory();
		// Ten days of honest entries from both.
		for (let d = 0; d < 10; d++) {
			write(anas, entry('ana', `a${d}`, START + d * DAY, d % 3 ? 'kept' : 'notToday'), ana);
			write(bens, entry('ben', `b${d}`, START + d * DAY, d % 2 ? 'kept' : 'notToday'), ben);
			exchange(anas, bens);
			bensLocks = observe(bensLocks, seen(bens), START + d * DAY, { complete: ['entry'] }).memory;
		}
		const now = START + 9 * DAY;
		const honest = score(bens, ctx, bensLocks);
		expect(honest).toEqual({ ana: 6, ben: 5 });

		// 1. Ana writes an entry in Ben's name, signed with her key, and one with no signature.
		write(anas, entry('ben', 'fake1', now, 'kept'), ana);
		anas.getMap('log').set('fake2', entry('ben', 'fake2', now, 'kept'));
		// 2. Ana turns one of Ben's "not today" into "kept", keeping his signature.
		const b0 = anas.getMap<Record<string, unknown>>('log').get('b0')!;
		anas.getMap('log').set('b0', { ...b0, outcome: 'kept' });
		// 3. Ana sets her clock back to day 0 and rewrites her own locked "not today".
		write(anas, entry('ana', 'a0', START + 3_600_000, 'kept'), ana);
		exchange(anas, bens);

		const o = observe(bensLocks, seen(bens), now + DAY, { complete: ['entry'] });
		// Ben's old entry was locked too, so its edit is also a change to the past.
		expect(o.fresh.map((f) => [f.type, f.key]).sort()).toEqual([
			['changed-after-lock', 'entry:a0'],
			['changed-after-lock', 'entry:b0']
		]);
		expect(score(bens, ctx, o.memory)).toEqual(honest);

		const checked = new Map(
			checkRecords(bens.getMap('log'), kindOf, ctx, o.memory).map((r) => [r.key, r])
		);
		expect(checked.get('b0')).toMatchObject({ counted: false, verdict: { status: 'forged' } });
		for (const key of ['fake1', 'fake2']) {
			expect(checked.get(key)?.counted).toBe(false);
			expect(notCountedWords(checked.get(key)!, 'Ben')).toBe(
				'This was not written by Ben’s devices, so it isn’t counted.'
			);
		}
		expect(checked.get('a0')).toMatchObject({ counted: false, verdict: { status: 'signed' } });
		expect(notCountedWords(checked.get('a0')!, 'Ana')).toContain('changed after it was locked');
		// Nothing was removed: every record, forged or not, is still there to be seen.
		expect(bens.getMap('log').size).toBe(22);
	});
});
