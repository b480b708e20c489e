import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { generateSigningKeys } from './keys';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { acceptChangedKey, changedKeys, pinKey, readPinnedKeys } from './pinned';
import { SIGNED_KINDS, signValue, verifyValue } from './records';
import { counts, signRecord, VerificationCache, verifyRecord, type RecordFields } from './sign';
import { checkRecords, prefetchRecords } from './read';

const T = SIGNING_SINCE + 10 * DAY;

/** One example of every kind a partner signs, as Ana writes it. */
const examples: Record<keyof typeof SIGNED_KINDS, Record<string, unknown>> = {
	entry: {
		type: 'entry',
		id: 'e1',
		clauseId: 'c1',
		day: '2026-01-11',
		partnerId: 'ana',
		outcome: 'kept',
		note: 'Walked after dinner',
		recordedAt: T,
		updatedAt: T
	},
	amendment: { type: 'amendment', id: 'm1', entryId: 'e1', text: 'late', by: 'ana', at: T },
	ack: { type: 'ack', id: 'ack:e2:ana', entryId: 'e2', by: 'ana', at: T },
	reaction: { type: 'reaction', id: 'r1', targetId: 'e2', by: 'ana', emoji: '💛', at: T },
	talk: { type: 'talk', id: 't1', entryId: 'e2', by: 'ana', at: T },
	hardDay: {
		type: 'hardDay',
		id: 'hardDay:ana:2026-01-11',
		partnerId: 'ana',
		day: '2026-01-11',
		markedAt: T,
		updatedAt: T
	},
	contractSignature: { versionId: 'v1', partnerId: 'ana', hash: 'ab'.repeat(32), signedAt: T },
	commitment: { type: 'commitment', checkinId: 'w1', by: 'ana', commit: 'cd'.repeat(32), at: T },
	submitted: { type: 'submitted', checkinId: 'w1', by: 'ana', at: T },
	setback: {
		type: 'setback',
		id: 's1',
		loggedBy: 'ana',
		at: T,
		day: '2026-01-11',
		whatHappened: 'I checked his phone',
		clauseIds: ['c2'],
		trigger: 'A late message',
		counterMeasure: 'Say it out loud instead',
		agreedConsequence: [],
		updatedAt: T
	},
	insight: { id: 'i1', by: 'ana', text: 'I go quiet when scared', sharedAt: T - 5, withdrawnAt: T },
	summaryApproval: {
		type: 'summaryApproval',
		requestId: 'q1',
		by: 'ana',
		at: T,
		revision: 'r1',
		hash: 'ef'.repeat(32)
	}
};

describe('signing a record', () => {
	test.each(Object.keys(examples) as (keyof typeof SIGNED_KINDS)[])(
		'a signed %s round-trips through the partner’s replica and verifies there',
		(kind) => {
			const { ana, pinned } = couple();
			const a = new Y.Doc();
			const b = new Y.Doc();
			const id = `${kind}-1`;
			a.getMap('records').set(id, signValue(SIGNED_KINDS[kind], id, examples[kind], ana));
			exchange(a, b);
			const arrived = b.getMap('records').get(id);
			const verdict = verifyValue(SIGNED_KINDS[kind], id, arrived, { pinned });
			expect(verdict).toEqual({ status: 'signed', key: ana.publicKey });
			expect(counts(verdict)).toBe(true);
		}
	);

	test('signing again after an edit replaces the old signature, not stacks on it', () => {
		const { ana, pinned } = couple();
		const first = signValue(SIGNED_KINDS.entry, 'e1', examples.entry, ana);
		const edited = signValue(SIGNED_KINDS.entry, 'e1', { ...first, outcome: 'backup' }, ana);
		expect(Object.keys(edited).filter((k) => k === 'sig')).toHaveLength(1);
		expect(verifyValue(SIGNED_KINDS.entry, 'e1', edited, { pinned }).status).toBe('signed');
	});

	test('a record with no author or time cannot be signed (a bug), nor counted', () => {
		const { ana, pinned } = couple();
		expect(() => signValue(SIGNED_KINDS.ack, 'x', { type: 'ack', at: T }, ana)).toThrow();
		expect(verifyValue(SIGNED_KINDS.ack, 'x', { type: 'ack', at: T }, { pinned })).toEqual({
			status: 'forged',
			reason: 'unreadable-content'
		});
		expect(verifyValue(SIGNED_KINDS.ack, 'x', 'junk', { pinned }).status).toBe('forged');
	});
});

describe('what does not verify is never counted', () => {
	const fields = (over: Partial<RecordFields> = {}): RecordFields => ({
		id: 'e1',
		author: 'ana',
		kind: 'entry',
		time: T,
		content: { outcome: 'kept' },
		...over
	});

	test('Ben signing in Ana’s name with his own key', () => {
		const { ben, pinned } = couple();
		const verdict = verifyRecord(fields(), signRecord(fields(), ben), { pinned });
		expect(verdict).toEqual({ status: 'forged', reason: 'claims-other-partner' });
		expect(counts(verdict)).toBe(false);
	});

	test('Ana’s signature kept over content Ben changed', () => {
		const { ana, pinned } = couple();
		const sig = signRecord(fields(), ana);
		const edited = fields({ content: { outcome: 'notToday' } });
		expect(verifyRecord(edited, sig, { pinned })).toEqual({
			status: 'forged',
			reason: 'bad-signature'
		});
		// Moved to another key, another kind or another time: the same refusal.
		for (const moved of [fields({ id: 'e2' }), fields({ kind: 'ack' }), fields({ time: T - 1 })]) {
			expect(verifyRecord(moved, sig, { pinned }).status).toBe('forged');
		}
	});

	test('a missing, malformed or foreign signature', () => {
		const { pinned } = couple();
		const stranger = generateSigningKeys();
		expect(verifyRecord(fields(), undefined, { pinned })).toEqual({
			status: 'forged',
			reason: 'missing-signature'
		});
		for (const junk of [
			'sig',
			{ v: 2, key: stranger.publicKey, sig: 'x' },
			{ v: 1, key: 'short', sig: 'A'.repeat(86) },
			{ v: 1, key: stranger.publicKey, sig: 'A'.repeat(10) }
		]) {
			expect(verifyRecord(fields(), junk, { pinned })).toEqual({
				status: 'forged',
				reason: 'malformed-signature'
			});
		}
		expect(verifyRecord(fields(), signRecord(fields(), stranger), { pinned })).toEqual({
			status: 'forged',
			reason: 'foreign-key'
		});
	});

	test('an unsigned record from before signatures still counts; a later one does not', () => {
		const { pinned } = couple();
		const before = verifyRecord(fields({ time: SIGNING_SINCE - DAY }), undefined, { pinned });
		expect(before).toEqual({ status: 'unsigned-legacy', reason: 'before-signatures' });
		expect(counts(before)).toBe(true);
		expect(counts(verifyRecord(fields(), undefined, { pinned }))).toBe(false);
	});

	test('a space whose partner has no key yet (an older app) keeps counting their records', () => {
		const { ana, pinned } = couple();
		const onlyBen = { ben: pinned.ben };
		expect(verifyRecord(fields(), undefined, { pinned: onlyBen })).toEqual({
			status: 'unsigned-legacy',
			reason: 'author-not-pinned'
		});
		expect(verifyRecord(fields(), signRecord(fields(), ana), { pinned: onlyBen }).status).toBe(
			'unsigned-legacy'
		);
	});
});

describe('pinned keys', () => {
	test('a key that changes after pinning is a warning, never a silent swap', () => {
		const { ana, pinned } = couple();
		const newAna = generateSigningKeys();
		const { pinned: after, outcome } = pinKey(
			pinned,
			'ana',
			{ publicKey: newAna.publicKey, since: T },
			T
		);
		expect(outcome).toBe('changed');
		expect(after).toBe(pinned);
		expect(changedKeys(pinned, { ana: newAna.publicKey, ben: pinned.ben.publicKey })).toEqual([
			'ana'
		]);

		const f: RecordFields = { id: 'e9', author: 'ana', kind: 'entry', time: T, content: {} };
		const ctx = { pinned, announced: { ana: newAna.publicKey } };
		const verdict = verifyRecord(f, signRecord(f, newAna), ctx);
		expect(verdict).toEqual({
			status: 'key-changed',
			key: newAna.publicKey,
			pinned: ana.publicKey
		});
		expect(counts(verdict)).toBe(false);

		// Once both partners compared the new safety code and accepted it, it counts again.
		const accepted = acceptChangedKey(pinned, 'ana', newAna.publicKey, T + DAY);
		expect(verifyRecord(f, signRecord(f, newAna), { pinned: accepted }).status).toBe('signed');
		expect(accepted.ana.signingSince).toBe(SIGNING_SINCE);
	});

	test('first pin, same key again, and bad input', () => {
		const key = generateSigningKeys().publicKey;
		const first = pinKey({}, 'ana', { publicKey: key, since: T - DAY }, T);
		expect(first.outcome).toBe('pinned');
		expect(first.pinned.ana).toEqual({ publicKey: key, pinnedAt: T, signingSince: T - DAY });
		expect(pinKey(first.pinned, 'ana', { publicKey: key, since: T }, T).outcome).toBe('unchanged');
		expect(pinKey({}, 'ana', { publicKey: 'nope', since: T }, T).outcome).toBe('invalid');
		// A key announced from the far future starts no later than now.
		expect(
			pinKey({}, 'ana', { publicKey: key, since: T + 999 * DAY }, T).pinned.ana.signingSince
		).toBe(T);
	});

	test('pins read back from storage keep only well-formed entries', () => {
		const { pinned } = couple();
		const saved = JSON.parse(JSON.stringify({ ...pinned, eve: { publicKey: 'x' }, z: 3 }));
		expect(readPinnedKeys(saved)).toEqual(pinned);
		expect(readPinnedKeys('junk')).toEqual({});
	});
});

describe('the verification cache', () => {
	test('checks each signature once, and answers the same after a restart from what it saved', () => {
		const { ana, pinned } = couple();
		const cache = new VerificationCache();
		const f: RecordFields = { id: 'e1', author: 'ana', kind: 'entry', time: T, content: {} };
		const sig = signRecord(f, ana);
		expect(verifyRecord(f, sig, { pinned, cache }).status).toBe('signed');
		expect(verifyRecord(f, sig, { pinned, cache }).status).toBe('signed');
		expect(cache.size).toBe(1);
		const bad = { ...f, content: { x: 1 } };
		expect(verifyRecord(bad, sig, { pinned, cache }).status).toBe('forged');
		expect(cache.size).toBe(2);
		const warm = new VerificationCache(JSON.parse(JSON.stringify(cache)));
		expect(warm.size).toBe(1);
		expect(verifyRecord(f, sig, { pinned, cache: warm }).status).toBe('signed');
		expect(verifyRecord(bad, sig, { pinned, cache: warm }).status).toBe('forged');
	});
});

describe('verifying ahead of the views', () => {
	test('prefetching through the platform gives the same verdicts, and the views find them cached', async () => {
		const { ana, ben, pinned } = couple();
		const good: RecordFields = { id: 'e1', author: 'ana', kind: 'entry', time: T, content: {} };
		const entries: [string, unknown][] = [
			[
				'e1',
				signValue(SIGNED_KINDS.entry, 'e1', { type: 'entry', partnerId: 'ana', updatedAt: T }, ana)
			],
			[
				'e2',
				signValue(SIGNED_KINDS.entry, 'e2', { type: 'entry', partnerId: 'ben', updatedAt: T }, ben)
			],
			// Ben's signature kept over content Ana changed.
			[
				'e3',
				{
					...signValue(
						SIGNED_KINDS.entry,
						'e3',
						{ type: 'entry', partnerId: 'ben', updatedAt: T },
						ben
					),
					note: 'x'
				}
			],
			['e4', { type: 'entry', partnerId: 'ana', updatedAt: SIGNING_SINCE - DAY }]
		];
		const kindOf = () => SIGNED_KINDS.entry;
		const cache = new VerificationCache();
		await prefetchRecords(entries, kindOf, cache);
		expect(cache.size).toBe(3);
		const statuses = checkRecords(entries, kindOf, { pinned, cache }).map((r) => r.verdict.status);
		expect(statuses).toEqual(['signed', 'signed', 'forged', 'unsigned-legacy']);
		expect(cache.size).toBe(3);
		expect(statuses).toEqual(
			checkRecords(entries, kindOf, { pinned }).map((r) => r.verdict.status)
		);
		expect(verifyRecord(good, signRecord(good, ana), { pinned, cache }).status).toBe('signed');
	});
});
