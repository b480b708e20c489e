import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roots, writeInitialContent } from '../schema';
import { exchange, peers } from '../test/peers';
import { addClause, archiveClause, editClauseText, editContractText, moveClause } from './contract';
import {
	agreedVersion,
	canonicalJson,
	changesSinceAgreed,
	hashContent,
	listVersions,
	liveContent,
	nextVersionNumber,
	openProposal,
	proposeVersion,
	signVersion,
	versionStatus,
	type Version
} from './versions';

const T = 1_700_000_000_000;
const PARTNERS = ['ana', 'ben'];

/** Ana creates the space with one clause; Ben has synced; both then go offline. */
function space() {
	const [a, b] = peers();
	writeInitialContent(a, { id: 'ana', name: 'Ana' }, T);
	editContractText(a, 'title', 'Our agreement');
	const clause = addClause(
		a,
		{ by: 'ana', commitment: 'Call at 20:00', timeline: { kind: 'daily', byTime: '20:00' } },
		T
	);
	exchange(a, b);
	return { a, b, clause };
}

/** Both partners sign `version` on their own devices, then sync. */
function bothSign(a: Y.Doc, b: Y.Doc, version: Version, at = T + 10) {
	exchange(a, b);
	expect(signVersion(a, { versionId: version.id, by: 'ana', hash: version.hash }, at)).toEqual({
		ok: true
	});
	expect(signVersion(b, { versionId: version.id, by: 'ben', hash: version.hash }, at)).toEqual({
		ok: true
	});
	exchange(a, b);
}

describe('content and hash', () => {
	test('a version freezes the non-archived clauses in order, with title and why', () => {
		const { a, clause } = space();
		const second = addClause(
			a,
			{ by: 'ana', kind: 'boundary', commitment: 'No phone at dinner' },
			T
		);
		const gone = addClause(a, { by: 'ana', commitment: 'Archived one' }, T);
		archiveClause(a, gone, T);
		moveClause(a, second, 0, T);
		const v = proposeVersion(
			a,
			{ by: 'ana', note: 'First draft', cites: { setbackId: 's1' } },
			T + 1
		);
		expect(v).toMatchObject({
			number: 1,
			note: 'First draft',
			proposedBy: 'ana',
			proposedAt: T + 1,
			cites: { setbackId: 's1' }
		});
		expect(v.content.title).toBe('Our agreement');
		expect(v.content.clauses.map((c) => c.id)).toEqual([second, clause]);
		expect(v.content.clauses[0]).toEqual({
			id: second,
			kind: 'boundary',
			owner: 'both',
			timeline: { kind: 'always' },
			commitment: 'No phone at dinner',
			action: '',
			examples: '',
			consequence: '',
			backup: '',
			touchBase: ''
		});
		expect(roots.revisions(a).get(v.id)).toEqual(v);
	});

	test('the hash is SHA-256 of the canonical JSON, the same as WebCrypto computes', async () => {
		const { a } = space();
		editContractText(a, 'why', 'لأننا نستحق ذلك 🌱 כי מגיע לנו');
		const content = liveContent(a);
		const bytes = await crypto.subtle.digest(
			'SHA-256',
			new TextEncoder().encode(canonicalJson(content))
		);
		const hex = Array.from(new Uint8Array(bytes), (x) => x.toString(16).padStart(2, '0')).join('');
		expect(hashContent(content)).toBe(hex);
		expect(proposeVersion(a, { by: 'ana', note: '' }, T).hash).toBe(hex);
	});

	test('canonical JSON sorts keys at every level and ignores insertion order', () => {
		expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], u: undefined })).toBe(
			'{"a":[{"c":null,"d":"x"}],"b":1}'
		);
		expect(hashContent({ x: 1, y: 2 })).toBe(hashContent({ y: 2, x: 1 }));
	});

	test('emoji and right-to-left text survive the round trip; both peers compute the same hash', () => {
		const { a, b, clause } = space();
		editClauseText(a, clause, 'examples', 'اتصلت في الوقت 📞\nהתקשרתי בזמן 👍🏽', T);
		const v = proposeVersion(a, { by: 'ana', note: 'نسخة ✨' }, T + 1);
		exchange(a, b);
		const onB = versionStatus(b, v.id, PARTNERS)!;
		expect(onB.version.content.clauses[0].examples).toBe('اتصلت في الوقت 📞\nהתקשרתי בזמן 👍🏽');
		expect(onB.version.note).toBe('نسخة ✨');
		expect(onB.intact).toBe(true);
		expect(hashContent(liveContent(b))).toBe(v.hash);
	});
});

describe('signing', () => {
	test('agreed only when both partners signed the same hash', () => {
		const { a, b } = space();
		const v = proposeVersion(a, { by: 'ana', note: 'First' }, T + 1);
		expect(versionStatus(a, v.id, PARTNERS)).toMatchObject({
			state: 'proposed',
			signedBy: [],
			label: '1'
		});
		signVersion(a, { versionId: v.id, by: 'ana', hash: v.hash }, T + 2);
		expect(versionStatus(a, v.id, PARTNERS)).toMatchObject({
			state: 'proposed',
			signedBy: ['ana']
		});
		expect(agreedVersion(a, PARTNERS)).toBeUndefined();
		exchange(a, b);
		signVersion(b, { versionId: v.id, by: 'ben', hash: v.hash }, T + 3);
		exchange(a, b);
		for (const doc of [a, b]) {
			expect(versionStatus(doc, v.id, PARTNERS)).toMatchObject({
				state: 'agreed',
				signedBy: ['ana', 'ben']
			});
			expect(agreedVersion(doc, PARTNERS)?.version.id).toBe(v.id);
		}
		// One partner alone can never agree.
		expect(versionStatus(a, v.id, ['ana'])?.state).toBe('proposed');
	});

	test('a signature only counts for the hash it signed', () => {
		const { a, b } = space();
		const v = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		exchange(a, b);
		const reviewed = hashContent({ ...v.content, title: 'What Ben saw earlier' });
		expect(signVersion(b, { versionId: v.id, by: 'ben', hash: reviewed }, T + 2)).toMatchObject({
			ok: false,
			reason: 'changed'
		});
		// A signature record written around the checks, on another hash, does not count either.
		roots
			.signatures(b)
			.set(`${v.id}:ben`, { versionId: v.id, partnerId: 'ben', hash: reviewed, signedAt: T });
		signVersion(a, { versionId: v.id, by: 'ana', hash: v.hash }, T + 2);
		exchange(a, b);
		expect(versionStatus(a, v.id, PARTNERS)).toMatchObject({
			state: 'proposed',
			signedBy: ['ana']
		});
		// Nor one filed under Ben's key that names someone else.
		roots
			.signatures(b)
			.set(`${v.id}:ben`, { versionId: v.id, partnerId: 'ana', hash: v.hash, signedAt: T });
		expect(versionStatus(b, v.id, PARTNERS)?.signedBy).toEqual(['ana']);
	});

	test('a version whose content changed underneath its hash never shows agreed', () => {
		const { a, b } = space();
		const v = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		bothSign(a, b, v);
		expect(versionStatus(a, v.id, PARTNERS)?.state).toBe('agreed');
		// The consequence is quietly rewritten in the stored copy, keeping the old hash.
		const tampered = structuredClone(v);
		tampered.content.clauses[0].consequence = 'Something nobody agreed to';
		roots.revisions(a).set(v.id, tampered);
		expect(versionStatus(a, v.id, PARTNERS)).toMatchObject({ intact: false, state: 'proposed' });
		expect(agreedVersion(a, PARTNERS)).toBeUndefined();
		expect(signVersion(a, { versionId: v.id, by: 'ana', hash: v.hash }, T)).toMatchObject({
			ok: false,
			reason: 'damaged'
		});
		// Re-hashing the rewritten copy does not help: the signatures name the old hash.
		roots.revisions(a).set(v.id, { ...tampered, hash: hashContent(tampered.content) });
		expect(versionStatus(a, v.id, PARTNERS)).toMatchObject({
			intact: true,
			state: 'proposed',
			signedBy: []
		});
	});

	test('signing twice is harmless; signing an unknown version says so', () => {
		const { a } = space();
		const v = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		signVersion(a, { versionId: v.id, by: 'ana', hash: v.hash }, T + 2);
		expect(signVersion(a, { versionId: v.id, by: 'ana', hash: v.hash }, T + 3)).toEqual({
			ok: true
		});
		expect(roots.signatures(a).get(`${v.id}:ana`)).toMatchObject({ signedAt: T + 2 });
		expect(signVersion(a, { versionId: 'nope', by: 'ana', hash: v.hash }, T)).toMatchObject({
			ok: false,
			reason: 'missing'
		});
	});
});

describe('after agreement', () => {
	test('an edit after agreeing shows as changes since the agreed version; undoing it clears that', () => {
		const { a, b, clause } = space();
		expect(changesSinceAgreed(a, PARTNERS)).toBe(false);
		const v = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		bothSign(a, b, v);
		expect(changesSinceAgreed(b, PARTNERS)).toBe(false);
		editClauseText(b, clause, 'consequence', 'We pause and talk on Sunday', T + 20);
		expect(changesSinceAgreed(b, PARTNERS)).toBe(true);
		exchange(a, b);
		expect(changesSinceAgreed(a, PARTNERS)).toBe(true);
		// The agreed version is still the one that counts: its consequence is unchanged.
		expect(agreedVersion(a, PARTNERS)?.version.content.clauses[0].consequence).toBe('');
		editClauseText(a, clause, 'consequence', '', T + 21);
		expect(changesSinceAgreed(a, PARTNERS)).toBe(false);
	});

	test('a new proposal supersedes an older unsigned one; the agreed version keeps counting', () => {
		const { a, b, clause } = space();
		const v1 = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		bothSign(a, b, v1);
		editClauseText(a, clause, 'backup', 'A text instead of a call', T + 20);
		const v2 = proposeVersion(a, { by: 'ana', note: 'Backup plan' }, T + 21);
		const v3 = proposeVersion(a, { by: 'ana', note: 'Backup plan, reworded' }, T + 22);
		expect(listVersions(a, PARTNERS).map((v) => [v.label, v.state])).toEqual([
			['1', 'agreed'],
			['2', 'superseded'],
			['3', 'proposed']
		]);
		expect(signVersion(a, { versionId: v2.id, by: 'ana', hash: v2.hash }, T)).toMatchObject({
			ok: false,
			reason: 'superseded'
		});
		expect(openProposal(a, PARTNERS)?.version.id).toBe(v3.id);
		bothSign(a, b, v3);
		expect(listVersions(b, PARTNERS).map((v) => v.state)).toEqual([
			'superseded',
			'superseded',
			'agreed'
		]);
		expect(openProposal(b, PARTNERS)).toBeUndefined();
	});
});

describe('concurrent proposals', () => {
	test('two offline proposals of the same number resolve to one clear state on both devices', () => {
		const { a, b, clause } = space();
		const v1 = proposeVersion(a, { by: 'ana', note: '' }, T + 1);
		bothSign(a, b, v1);
		// Offline, each proposes "version 2".
		editClauseText(a, clause, 'action', 'Call from wherever I am', T + 30);
		const fromAna = proposeVersion(a, { by: 'ana', note: 'Ana’s idea' }, T + 31);
		editClauseText(b, clause, 'backup', 'A voice note', T + 30);
		const fromBen = proposeVersion(b, { by: 'ben', note: 'Ben’s idea' }, T + 32);
		expect([fromAna.number, fromBen.number]).toEqual([2, 2]);
		// Ana already signed hers before hearing of Ben's.
		signVersion(a, { versionId: fromAna.id, by: 'ana', hash: fromAna.hash }, T + 33);
		exchange(a, b);
		const expected = [
			{ label: '1', state: 'agreed', alsoProposed: false, id: v1.id },
			{ label: '2', state: 'superseded', alsoProposed: false, id: fromAna.id },
			{ label: '2b', state: 'proposed', alsoProposed: true, id: fromBen.id }
		];
		for (const doc of [a, b]) {
			const list = listVersions(doc, PARTNERS).map((v) => ({
				label: v.label,
				state: v.state,
				alsoProposed: v.alsoProposed,
				id: v.version.id
			}));
			expect(list).toEqual(expected);
			expect(agreedVersion(doc, PARTNERS)?.version.id).toBe(v1.id);
		}
		// Ben cannot complete Ana's superseded one; the merged proposal is agreed on its own.
		expect(
			signVersion(b, { versionId: fromAna.id, by: 'ben', hash: fromAna.hash }, T + 40)
		).toMatchObject({ reason: 'superseded' });
		expect(nextVersionNumber(a)).toBe(3);
		bothSign(a, b, fromBen, T + 41);
		expect(agreedVersion(a, PARTNERS)?.label).toBe('2b');
	});

	test('at the same instant, the tie is broken by id, the same way on both devices', () => {
		const { a, b } = space();
		const x = proposeVersion(a, { by: 'ana', note: '' }, T + 5);
		const y = proposeVersion(b, { by: 'ben', note: '' }, T + 5);
		exchange(a, b);
		const [first, second] = [x, y].sort((p, q) => (p.id < q.id ? -1 : 1));
		for (const doc of [a, b]) {
			expect(listVersions(doc, PARTNERS).map((v) => [v.version.id, v.label, v.state])).toEqual([
				[first.id, '1', 'superseded'],
				[second.id, '1b', 'proposed']
			]);
		}
	});

	test('a proposal both had already agreed stays agreed when a same-numbered one arrives', () => {
		const [phoneA, phoneB, laptopB] = peers(3);
		writeInitialContent(phoneA, { id: 'ana', name: 'Ana' }, T);
		addClause(phoneA, { by: 'ana', commitment: 'Walk together on Sunday' }, T);
		exchange(phoneA, phoneB, laptopB);
		// The phones are together and agree version 1; Ben's laptop, offline, proposes its own.
		const agreed = proposeVersion(phoneA, { by: 'ana', note: '' }, T + 10);
		bothSign(phoneA, phoneB, agreed);
		const late = proposeVersion(laptopB, { by: 'ben', note: '' }, T + 20);
		exchange(phoneA, phoneB, laptopB);
		for (const doc of [phoneA, phoneB, laptopB]) {
			expect(listVersions(doc, PARTNERS).map((v) => [v.version.id, v.label, v.state])).toEqual([
				[agreed.id, '1', 'agreed'],
				[late.id, '1b', 'proposed']
			]);
		}
	});
});
