import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { commit, commitKey, reveal, revealKey, revealStateOf } from './commitment';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { generateSigningKeys } from './keys';
import { SIGNED_KINDS, signValue } from './records';

const T = SIGNING_SINCE + 7 * DAY;
const W = 'checkin:2026-01-05';
const anasAnswers = { wentWell: 'We talked on Sunday', hard: 'Tuesday', scale: 4 };
const bensAnswers = { wentWell: 'The walk', hard: 'Work', scale: 3 };

function setup() {
	const keys = couple();
	const anas = new Y.Doc();
	const bens = new Y.Doc();
	const state = (doc: Y.Doc) =>
		revealStateOf(W, ['ana', 'ben'], (k) => doc.getMap('checkins').get(k), {
			pinned: keys.pinned
		});
	return { ...keys, anas, bens, state };
}

describe('the blind reveal', () => {
	test('answers become visible only once both commitments are in', () => {
		const { ana, ben, anas, bens, state } = setup();
		const a = commit(anasAnswers, { checkinId: W, by: 'ana', at: T }, ana);
		anas.getMap('checkins').set(commitKey(W, 'ana'), a.record);
		// The commitment shows nothing of the answers.
		expect(JSON.stringify(a.record)).not.toContain('Sunday');
		exchange(anas, bens);
		expect(state(bens)).toEqual({
			bothCommitted: false,
			sides: { ana: { state: 'submitted' }, ben: { state: 'not-submitted' } }
		});

		const b = commit(bensAnswers, { checkinId: W, by: 'ben', at: T + 1 }, ben);
		bens.getMap('checkins').set(commitKey(W, 'ben'), b.record);
		exchange(anas, bens);
		expect(state(anas).bothCommitted).toBe(true);
		// Each device now publishes its own person's answers with the salt.
		anas
			.getMap('checkins')
			.set(
				revealKey(W, 'ana'),
				reveal(anasAnswers, a.salt, { checkinId: W, by: 'ana', at: T + 2 }, ana)
			);
		bens
			.getMap('checkins')
			.set(
				revealKey(W, 'ben'),
				reveal(bensAnswers, b.salt, { checkinId: W, by: 'ben', at: T + 2 }, ben)
			);
		exchange(anas, bens);
		for (const doc of [anas, bens]) {
			expect(state(doc).sides).toEqual({
				ana: { state: 'revealed', answers: anasAnswers },
				ben: { state: 'revealed', answers: bensAnswers }
			});
		}
	});

	test('a faked “submitted” in the partner’s name does not open the reveal', () => {
		const { ben, bens, state } = setup();
		const b = commit(bensAnswers, { checkinId: W, by: 'ben', at: T }, ben);
		bens.getMap('checkins').set(commitKey(W, 'ben'), b.record);
		// Ben writes a commitment for Ana, signed with his key, and one with no signature at all.
		const fake = commit({}, { checkinId: W, by: 'ana', at: T }, ben).record;
		bens.getMap('checkins').set(commitKey(W, 'ana'), fake);
		expect(state(bens)).toMatchObject({
			bothCommitted: false,
			sides: { ana: { state: 'not-submitted' } }
		});
		const { sig: _sig, ...unsigned } = fake;
		bens.getMap('checkins').set(commitKey(W, 'ana'), unsigned);
		expect(state(bens).bothCommitted).toBe(false);
		// A stranger's key is no better.
		const stranger = generateSigningKeys();
		bens
			.getMap('checkins')
			.set(commitKey(W, 'ana'), commit({}, { checkinId: W, by: 'ana', at: T }, stranger).record);
		expect(state(bens).bothCommitted).toBe(false);
	});

	test('answers changed after committing are flagged, not shown as the answers', () => {
		const { ana, ben, anas, state } = setup();
		const a = commit(anasAnswers, { checkinId: W, by: 'ana', at: T }, ana);
		const b = commit(bensAnswers, { checkinId: W, by: 'ben', at: T }, ben);
		const map = anas.getMap('checkins');
		map.set(commitKey(W, 'ana'), a.record);
		map.set(commitKey(W, 'ben'), b.record);
		// Ben saw Ana's answers and "reveals" softer ones, signed by himself.
		const softer = { ...bensAnswers, hard: 'Nothing' };
		map.set(
			revealKey(W, 'ben'),
			reveal(softer, b.salt, { checkinId: W, by: 'ben', at: T + 1 }, ben)
		);
		expect(state(anas).sides.ben).toEqual({ state: 'mismatch', answers: softer });
		// The right answers with another salt: also a mismatch.
		const otherSalt = commit(bensAnswers, { checkinId: W, by: 'ben', at: T }, ben).salt;
		map.set(
			revealKey(W, 'ben'),
			reveal(bensAnswers, otherSalt, { checkinId: W, by: 'ben', at: T + 1 }, ben)
		);
		expect(state(anas).sides.ben.state).toBe('mismatch');
		// Ben "reveals" Ana's answers for her: not hers.
		map.set(
			revealKey(W, 'ana'),
			reveal({ hard: 'x' }, a.salt, { checkinId: W, by: 'ana', at: T + 1 }, ben)
		);
		expect(state(anas).sides.ana).toMatchObject({
			state: 'forged-reveal',
			verdict: { status: 'forged' }
		});
	});

	test('a commitment with no reveal stays “submitted”, and nothing is lost', () => {
		const { ana, ben, anas, state } = setup();
		const map = anas.getMap('checkins');
		map.set(
			commitKey(W, 'ana'),
			commit(anasAnswers, { checkinId: W, by: 'ana', at: T }, ana).record
		);
		map.set(
			commitKey(W, 'ben'),
			commit(bensAnswers, { checkinId: W, by: 'ben', at: T }, ben).record
		);
		expect(state(anas)).toEqual({
			bothCommitted: true,
			sides: { ana: { state: 'submitted' }, ben: { state: 'submitted' } }
		});
		// A commitment record from before (unsigned, legacy) still counts as submitted.
		const old = {
			type: 'commitment',
			checkinId: W,
			by: 'ana',
			commit: 'a'.repeat(64),
			at: SIGNING_SINCE - DAY
		};
		map.set(commitKey(W, 'ana'), old);
		expect(state(anas).sides.ana.state).toBe('submitted');
		expect(signValue(SIGNED_KINDS.commitment, commitKey(W, 'ana'), old, ana).sig.v).toBe(1);
	});
});
