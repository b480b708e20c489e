import { describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { addClause, editClauseText } from '../contract/contract';
import { proposeVersion, signVersion, type Version } from '../contract/versions';
import { exchange } from '../test/peers';
import { ANA, BEN, PARTNERS, at, space } from '../checkins/fixtures';
import {
	editSetback,
	lapsesFromSetbacks,
	linkRevision,
	listSetbacks,
	logSetback,
	markTalkedThrough,
	setbackById,
	setbackForVersion,
	versionsCitingSetback,
	withdrawSetback
} from './index';

const DAY = '2026-03-05';
const T = at(DAY, '21:00');

function bothSign(a: Y.Doc, b: Y.Doc, v: Version, when: number) {
	exchange(a, b);
	signVersion(a, { versionId: v.id, by: ANA, hash: v.hash }, when);
	signVersion(b, { versionId: v.id, by: BEN, hash: v.hash }, when);
	exchange(a, b);
}

/** A space whose agreed version 1 holds a boundary with a consequence agreed in advance. */
function agreedSpace() {
	const { a, b } = space();
	const clause = addClause(
		a,
		{
			by: ANA,
			kind: 'boundary',
			owner: ANA,
			commitment: 'No contact with the ex',
			consequence: 'We talk it through at the next check-in.'
		},
		T - 3 * 86_400_000
	);
	const v1 = proposeVersion(a, { by: ANA, note: 'First' }, T - 3 * 86_400_000);
	bothSign(a, b, v1, T - 2 * 86_400_000);
	return { a, b, clause, v1 };
}

const idOf = (r: { ok: boolean; id?: string }) => {
	if (!r.ok || !r.id) throw new Error('not written');
	return r.id;
};

describe('setbacks as data', () => {
	test('the agreed consequence is frozen from the agreed version, as agreed', () => {
		const { a, clause, v1 } = agreedSpace();
		const id = idOf(
			logSetback(
				a,
				{
					by: ANA,
					whatHappened: 'I answered a message from my ex.',
					clauseIds: [clause, clause, 'not-in-contract'],
					trigger: 'Felt lonely after a long day.',
					counterMeasure: 'Tell you when a message arrives.',
					day: DAY,
					partnerId: ANA
				},
				PARTNERS,
				T
			)
		);
		// The live contract changes afterwards; the setback keeps what applied when it happened.
		editClauseText(a, clause, 'consequence', 'Something else entirely.', T + 1);
		const s = setbackById(a, id, PARTNERS);
		expect(s).toMatchObject({ status: 'logged', clauseIds: [clause, 'not-in-contract'] });
		expect(s?.agreedConsequence).toEqual([
			{
				versionId: v1.id,
				versionLabel: '1',
				clauseId: clause,
				commitment: 'No contact with the ex',
				text: 'We talk it through at the next check-in.'
			}
		]);
		expect(s?.feelings).toBeUndefined();
		expect(lapsesFromSetbacks(a)).toEqual([
			{ clauseId: clause, day: DAY, partnerId: ANA },
			{ clauseId: 'not-in-contract', day: DAY, partnerId: ANA }
		]);
	});

	test('logged → talked through → contract updated, by the version that cites it', () => {
		const { a, b, clause } = agreedSpace();
		const id = idOf(
			logSetback(
				a,
				{ by: ANA, whatHappened: 'Missed the evening call.', clauseIds: [clause] },
				PARTNERS,
				T
			)
		);
		exchange(a, b);
		markTalkedThrough(b, id, 'checkin:2026-03-02', BEN, T + 1000);
		exchange(a, b);
		expect(setbackById(a, id, PARTNERS)).toMatchObject({
			status: 'talkedThrough',
			talkedThroughIn: 'checkin:2026-03-02'
		});

		editClauseText(
			a,
			clause,
			'action',
			'Say so when a message arrives, the same evening.',
			T + 2000
		);
		const v2 = proposeVersion(
			a,
			{ by: ANA, note: 'After the setback', cites: { setbackId: id } },
			T + 3000
		);
		exchange(a, b);
		expect(setbackForVersion(b, v2.id)?.id).toBe(id);
		expect(versionsCitingSetback(b, id, PARTNERS).map((v) => v.version.id)).toEqual([v2.id]);
		// Proposed is not yet updated: it takes both signatures.
		expect(setbackById(b, id, PARTNERS)).toMatchObject({
			status: 'talkedThrough',
			proposedIn: [v2.id]
		});
		bothSign(a, b, v2, T + 4000);
		expect(setbackById(b, id, PARTNERS)).toMatchObject({
			status: 'contractUpdated',
			revisedByVersionId: v2.id,
			proposedIn: []
		});
		// The consequence stays as agreed in version 1, when it happened.
		expect(setbackById(b, id, PARTNERS)?.agreedConsequence[0].versionLabel).toBe('1');
	});

	test('a version that answers it without citing it can be linked', () => {
		const { a, b } = agreedSpace();
		const id = idOf(
			logSetback(a, { by: ANA, whatHappened: 'Late home, no message.' }, PARTNERS, T)
		);
		const v2 = proposeVersion(a, { by: BEN, note: 'Several changes' }, T + 1);
		expect(setbackForVersion(a, v2.id)).toBeUndefined();
		linkRevision(a, id, v2.id, BEN, T + 2);
		bothSign(a, b, v2, T + 3);
		expect(setbackById(b, id, PARTNERS)?.status).toBe('contractUpdated');
		expect(linkRevision(a, id, 'no-such-version', BEN)).toEqual({ ok: false, reason: 'notFound' });
	});

	test('the author corrects facts while the partner marks it talked through: both kept', () => {
		const { a, b, clause } = agreedSpace();
		const id = idOf(logSetback(a, { by: ANA, whatHappened: 'First account.' }, PARTNERS, T));
		exchange(a, b);
		editSetback(
			a,
			id,
			ANA,
			{ whatHappened: 'Corrected account.', clauseIds: [clause] },
			PARTNERS,
			T + 5
		);
		markTalkedThrough(b, id, 'checkin:2026-03-02', BEN, T + 6);
		exchange(a, b);
		const s = setbackById(b, id, PARTNERS);
		expect(s).toMatchObject({ whatHappened: 'Corrected account.', status: 'talkedThrough' });
		// Newly touched clauses take their consequence from the version agreed when it was logged.
		expect(s?.agreedConsequence.map((c) => c.versionLabel)).toEqual(['1']);
		expect(editSetback(b, id, BEN, { whatHappened: 'x' }, PARTNERS)).toEqual({
			ok: false,
			reason: 'notYours'
		});
	});

	test('withdrawn softly; what happened is required; a wrong clock’s future day is refused', () => {
		const { a } = agreedSpace();
		expect(logSetback(a, { by: ANA, whatHappened: '   ' }, PARTNERS, T)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(logSetback(a, { by: ANA, whatHappened: 'x', day: '2026-03-09' }, PARTNERS, T)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		const id = idOf(logSetback(a, { by: BEN, whatHappened: 'Raised my voice.' }, PARTNERS, T));
		expect(withdrawSetback(a, id, ANA)).toEqual({ ok: false, reason: 'notYours' });
		withdrawSetback(a, id, BEN, T + 1);
		expect(listSetbacks(a, PARTNERS)).toEqual([]);
		expect(lapsesFromSetbacks(a)).toEqual([]);
	});

	test('two setbacks logged at the same moment list in the same order on both devices', () => {
		const { a, b } = space();
		logSetback(a, { by: ANA, whatHappened: 'Missed the call.' }, PARTNERS, T);
		logSetback(b, { by: BEN, whatHappened: 'Came home late.' }, PARTNERS, T);
		exchange(a, b); // each device holds its own setback first
		const order = (doc: Y.Doc) => listSetbacks(doc, PARTNERS).map((s) => s.whatHappened);
		expect(order(a)).toEqual(order(b));
	});

	test('logged before anything was agreed: no consequence to show', () => {
		const { a } = space();
		const id = idOf(
			logSetback(a, { by: ANA, whatHappened: 'Early days.', clauseIds: ['c'] }, PARTNERS, T)
		);
		expect(setbackById(a, id, PARTNERS)?.agreedConsequence).toEqual([]);
		expect(setbackById(a, id, PARTNERS)?.agreedVersionId).toBeUndefined();
	});
});
