import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { canonicalBytes, canonicalHash, canonicalJson, CanonicalError } from './canonical';
import { digest } from 'lib0/hash/sha256';
import { toHexString } from 'lib0/buffer';
import { hashContent } from '../contract/content';

describe('canonical JSON', () => {
	test('sorts keys at every level and leaves undefined members out', () => {
		expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'x' } })).toBe(
			'{"a":{"c":"x","d":[3,{"z":1}]},"b":1}'
		);
	});

	test('the same value in any key order gives the same bytes and hash', () => {
		const one = { id: 'e1', author: 'ana', content: { outcome: 'kept', note: 'walk' } };
		const two = { content: { note: 'walk', outcome: 'kept' }, author: 'ana', id: 'e1' };
		expect(canonicalBytes(one)).toEqual(canonicalBytes(two));
		expect(canonicalHash(one)).toBe(canonicalHash(two));
		expect(canonicalHash(one)).toMatch(/^[0-9a-f]{64}$/);
	});

	test('numbers print in one stable form', () => {
		expect(canonicalJson([1, 1.5, -0, 1e21, 0.1 + 0.2, 1e-7, NaN, Infinity])).toBe(
			'[1,1.5,0,1e+21,0.30000000000000004,1e-7,null,null]'
		);
		expect(canonicalJson([undefined, null, true])).toBe('[null,null,true]');
	});

	test('text is UTF-8, keys sort by code unit, and a lone surrogate is escaped', () => {
		expect(new TextDecoder().decode(canonicalBytes({ é: 'ça', Z: '😀' }))).toBe(
			'{"Z":"😀","é":"ça"}'
		);
		expect(canonicalJson('\ud800')).toBe('"\\ud800"');
		expect(canonicalBytes('é')).toEqual(new Uint8Array([0x22, 0xc3, 0xa9, 0x22]));
	});

	test('values with no JSON form are refused as the bug they are', () => {
		expect(() => canonicalJson(new Uint8Array([1]))).toThrow(CanonicalError);
		expect(() => canonicalJson({ at: new Date(0) })).toThrow(CanonicalError);
		expect(() => canonicalJson(1n)).toThrow(CanonicalError);
		expect(() => canonicalJson({ f: () => 1 })).toThrow(CanonicalError);
	});

	test('what a Yjs map hands back on the partner hashes the same as what was written', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const value = { type: 'entry', id: 'e1', day: '2026-03-02', n: 2.5, tags: ['a'], x: null };
		a.getMap('log').set('e1', value);
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(canonicalHash(b.getMap('log').get('e1'))).toBe(canonicalHash(value));
	});

	test("gives the contract's version hashes unchanged", () => {
		const content = {
			why: 'To rebuild',
			title: 'Our agreement',
			clauses: [{ owner: 'ana', id: 'c1', kind: 'behaviour', timeline: { kind: 'daily' } }]
		};
		// The form and hash versions were stored with before this module (lib0's SHA-256).
		const before =
			'{"clauses":[{"id":"c1","kind":"behaviour","owner":"ana","timeline":{"kind":"daily"}}],' +
			'"title":"Our agreement","why":"To rebuild"}';
		expect(canonicalJson(content)).toBe(before);
		const stored = toHexString(digest(new TextEncoder().encode(before)));
		expect(canonicalHash(content)).toBe(stored);
		expect(hashContent(content)).toBe(stored);
		expect(hashContent({ at: new Date(0) })).not.toMatch(/^[0-9a-f]{64}$/);
	});
});
