import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roots, writeInitialContent, SCHEMA_VERSION, isFromNewerApp } from '../schema';
import {
	activePartners,
	addPartner,
	cleanName,
	isPaired,
	isRefused,
	otherPartner,
	partnersChangedBySync,
	pinPartners,
	renamePartner,
	withdrawPartner
} from './partners';

function exchange(...docs: Y.Doc[]) {
	for (const from of docs)
		for (const to of docs)
			if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('partners', () => {
	test('the creator writes the initial content once; the joiner adds only themselves', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		writeInitialContent(a, { id: 'alex', name: 'Alex' }, 1000);
		addPartner(b, 'sam', 'Sam', 2000);
		expect(roots.meta(b).size).toBe(0);
		exchange(a, b);
		expect(roots.meta(b).get('schemaVersion')).toBe(SCHEMA_VERSION);
		expect(activePartners(b).map((p) => p.name)).toEqual(['Alex', 'Sam']);
		expect(otherPartner(a, 'alex')?.name).toBe('Sam');
		expect(isPaired(a)).toBe(true);
		expect(a.getMap('partners').toJSON()).toEqual(b.getMap('partners').toJSON());
	});

	test('a third person is not a partner, on every device, and can withdraw cleanly', () => {
		const [a, b, c] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		writeInitialContent(a, { id: 'alex', name: 'Alex' }, 1000);
		addPartner(b, 'sam', 'Sam', 2000);
		addPartner(c, 'kim', 'Kim', 3000);
		exchange(a, b, c);
		for (const d of [a, b, c]) expect(activePartners(d).map((p) => p.id)).toEqual(['alex', 'sam']);
		expect(isRefused(c, 'kim')).toBe(true);
		expect(isRefused(b, 'sam')).toBe(false);
		withdrawPartner(c, 'kim', 4000);
		exchange(a, b, c);
		expect(isRefused(a, 'kim')).toBe(false);
		expect(roots.partners(a).get('kim')?.deletedAt).toBe(4000);
	});

	test('names are cleaned: trimmed, one line, no control characters, at most 40 characters', () => {
		expect(cleanName('  Sam\n\tK.  ')).toBe('Sam K.');
		expect(cleanName('x'.repeat(100))).toHaveLength(40);
		expect(cleanName('🌱'.repeat(50))).toBe('🌱'.repeat(40));
		expect(cleanName('مريم')).toBe('مريم');
	});

	test('renaming changes only the name, and an empty name changes nothing', () => {
		const a = new Y.Doc();
		writeInitialContent(a, { id: 'alex', name: 'Alex' }, 1000);
		renamePartner(a, 'alex', '   ', 2000);
		expect(roots.partners(a).get('alex')?.name).toBe('Alex');
		renamePartner(a, 'alex', 'Alex R.', 3000);
		expect(roots.partners(a).get('alex')).toMatchObject({
			name: 'Alex R.',
			joinedAt: 1000,
			updatedAt: 3000
		});
	});

	test('a space written by a newer app is recognised', () => {
		const a = new Y.Doc();
		writeInitialContent(a, { id: 'alex', name: 'Alex' }, 1000);
		expect(isFromNewerApp(a)).toBe(false);
		roots.meta(a).set('schemaVersion', SCHEMA_VERSION + 1);
		expect(isFromNewerApp(a)).toBe(true);
	});

	test('a pinned device keeps its two partners whatever a synced rewrite of the list says', () => {
		const [alex, sam] = [new Y.Doc(), new Y.Doc()];
		writeInitialContent(alex, { id: 'alex', name: 'Alex' }, 1000);
		addPartner(sam, 'sam', 'Sam', 2000);
		exchange(alex, sam);
		pinPartners(sam, ['alex', 'sam']);
		expect(partnersChangedBySync(sam)).toBeNull();

		// Alex's device rewrites the list: Sam's joinedAt after a planted third entry, Sam deleted.
		alex.transact(() => {
			const list = roots.partners(alex);
			list.set('kim', { id: 'kim', name: 'Kim', joinedAt: 1500, updatedAt: 9000 });
			list.set('sam', { ...list.get('sam')!, joinedAt: 99_999, deletedAt: 9000, updatedAt: 9000 });
		});
		exchange(alex, sam);

		expect(activePartners(alex).map((p) => p.id)).toEqual(['alex', 'kim']);
		expect(isRefused(alex, 'sam')).toBe(false); // deleted entries are never "refused"
		// Sam's device: the same two as before, never refused, and the change is named.
		expect(activePartners(sam).map((p) => p.id)).toEqual(['alex', 'sam']);
		expect(otherPartner(sam, 'sam')?.name).toBe('Alex');
		expect(isPaired(sam)).toBe(true);
		expect(isRefused(sam, 'sam')).toBe(false);
		expect(partnersChangedBySync(sam)?.map((p) => p.id)).toEqual(['alex', 'kim']);
	});

	test('an unpinned device still sees the first two by joining', () => {
		const [a, b, c] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		writeInitialContent(a, { id: 'alex', name: 'Alex' }, 1000);
		addPartner(b, 'sam', 'Sam', 2000);
		addPartner(c, 'kim', 'Kim', 3000);
		exchange(a, b, c);
		pinPartners(a, ['alex', 'sam']);
		expect(partnersChangedBySync(a)?.map((p) => p.id)).toEqual(['alex', 'sam']);
		expect(partnersChangedBySync(c)).toBeNull();
		expect(isRefused(c, 'kim')).toBe(true);
	});
});
