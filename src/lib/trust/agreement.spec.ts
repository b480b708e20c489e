import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { exchange } from '../test/peers';
import { hashContent } from '../contract/content';
import { agreementOf, signatureKey, signVersionHash } from './agreement';
import { couple, DAY, SIGNING_SINCE } from './fixtures';
import { fingerprint } from './keys';

const T = SIGNING_SINCE + 3 * DAY;
const content = {
	title: 'Our agreement',
	why: 'To rebuild trust',
	clauses: [
		{ id: 'c1', kind: 'behaviour', owner: 'ana', commitment: 'Phone by 10', timeline: null }
	]
};
const version = { id: 'v1', content };
const hash = hashContent(content);

function setup() {
	const keys = couple();
	const anas = new Y.Doc();
	const bens = new Y.Doc();
	const agreement = (doc: Y.Doc) =>
		agreementOf(version, ['ana', 'ben'], (k) => doc.getMap('signatures').get(k), {
			pinned: keys.pinned
		});
	return { ...keys, anas, bens, agreement };
}

describe('agreement means both signed', () => {
	test('two valid signatures on the same content hash: agreed, with both fingerprints', () => {
		const { ana, ben, anas, bens, agreement } = setup();
		anas
			.getMap('signatures')
			.set(
				signatureKey('v1', 'ana'),
				signVersionHash({ versionId: 'v1', partnerId: 'ana', hash, signedAt: T }, ana)
			);
		exchange(anas, bens);
		expect(agreement(bens).agreed).toBe(false);
		bens
			.getMap('signatures')
			.set(
				signatureKey('v1', 'ben'),
				signVersionHash({ versionId: 'v1', partnerId: 'ben', hash, signedAt: T + 1 }, ben)
			);
		exchange(anas, bens);
		for (const doc of [anas, bens]) {
			const a = agreement(doc);
			expect(a).toMatchObject({ agreed: true, strength: 'signed', hash });
			expect(a.signatures.map((s) => s.fingerprint)).toEqual([
				fingerprint(ana.publicKey),
				fingerprint(ben.publicKey)
			]);
		}
	});

	test('signing a version in the partner’s name does not make it agreed', () => {
		const { ana, ben, anas, agreement } = setup();
		const sigs = anas.getMap('signatures');
		sigs.set(
			signatureKey('v1', 'ana'),
			signVersionHash({ versionId: 'v1', partnerId: 'ana', hash, signedAt: T }, ana)
		);
		// Ana writes Ben's signature with her key; then a copy of hers moved under Ben's name.
		sigs.set(
			signatureKey('v1', 'ben'),
			signVersionHash({ versionId: 'v1', partnerId: 'ben', hash, signedAt: T }, ana)
		);
		expect(agreement(anas)).toMatchObject({
			agreed: false,
			signatures: [
				{ verdict: { status: 'signed' } },
				{ verdict: { status: 'forged', reason: 'claims-other-partner' } }
			]
		});
		sigs.set(signatureKey('v1', 'ben'), { versionId: 'v1', partnerId: 'ben', hash, signedAt: T });
		expect(agreement(anas).agreed).toBe(false);
		sigs.set(signatureKey('v1', 'ben'), sigs.get(signatureKey('v1', 'ana')));
		expect(agreement(anas).agreed).toBe(false);
		// Ben's real signature on another hash does not count for this content either.
		sigs.set(
			signatureKey('v1', 'ben'),
			signVersionHash({ versionId: 'v1', partnerId: 'ben', hash: 'f'.repeat(64), signedAt: T }, ben)
		);
		expect(agreement(anas)).toMatchObject({
			agreed: false,
			signatures: [{}, { onThisHash: false, verdict: { status: 'signed' } }]
		});
	});

	test('content changed after both signed is no longer agreed', () => {
		const { ana, ben, anas, pinned } = setup();
		const sigs = anas.getMap('signatures');
		sigs.set(
			signatureKey('v1', 'ana'),
			signVersionHash({ versionId: 'v1', partnerId: 'ana', hash, signedAt: T }, ana)
		);
		sigs.set(
			signatureKey('v1', 'ben'),
			signVersionHash({ versionId: 'v1', partnerId: 'ben', hash, signedAt: T }, ben)
		);
		const read = (k: string) => sigs.get(k);
		expect(agreementOf(version, ['ana', 'ben'], read, { pinned }).agreed).toBe(true);
		const edited = { id: 'v1', content: { ...content, why: 'Because' } };
		expect(agreementOf(edited, ['ana', 'ben'], read, { pinned }).agreed).toBe(false);
	});

	test('a version both signed before signatures existed stays agreed, and says so', () => {
		const { anas, agreement } = setup();
		const sigs = anas.getMap('signatures');
		for (const partnerId of ['ana', 'ben']) {
			sigs.set(signatureKey('v1', partnerId), {
				versionId: 'v1',
				partnerId,
				hash,
				signedAt: SIGNING_SINCE - DAY
			});
		}
		expect(agreement(anas)).toMatchObject({ agreed: true, strength: 'from-before-signatures' });
		expect(agreement(anas).signatures.every((s) => s.fingerprint === undefined)).toBe(true);
	});
});
