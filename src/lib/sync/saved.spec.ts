import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { openSaved } from './saved';

let n = 0;
const freshName = () => `saved-spec-${++n}`;

async function reopen(name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const saved = openSaved(name, doc);
	await saved.whenSynced;
	await saved.destroy();
	return doc;
}

async function flushed(saved: ReturnType<typeof openSaved>): Promise<void> {
	const db = saved.db as IDBDatabase;
	await new Promise<void>((resolve) => {
		const tx = db.transaction(['updates'], 'readonly');
		tx.oncomplete = () => resolve();
	});
}

describe('the saved copy of a document', () => {
	test('what is written after loading is kept, with what was loaded', async () => {
		const name = freshName();
		const first = new Y.Doc();
		const a = openSaved(name, first);
		await a.whenSynced;
		first.getMap('log').set('e1', { day: '2026-11-01', note: 'Called as agreed' });
		await flushed(a);
		await a.destroy();

		const second = new Y.Doc();
		const b = openSaved(name, second);
		await b.whenSynced;
		expect(second.getMap('log').get('e1')).toEqual({ day: '2026-11-01', note: 'Called as agreed' });
		second.getMap('log').set('e2', { day: '2026-11-02', note: 'On time' });
		await flushed(b);
		await b.destroy();

		const third = await reopen(name);
		expect([...third.getMap('log').keys()].sort()).toEqual(['e1', 'e2']);
	});

	test('a write made while the saved rows are still loading is kept too', async () => {
		const name = freshName();
		const seed = new Y.Doc();
		const s = openSaved(name, seed);
		await s.whenSynced;
		seed.getText('clause').insert(0, 'Text my partner when I leave work.');
		await flushed(s);
		await s.destroy();

		const doc = new Y.Doc();
		const saved = openSaved(name, doc);
		doc.getMap('log').set('early', { day: '2026-11-03' });
		await saved.whenSynced;
		doc.getMap('log').set('late', { day: '2026-11-04' });
		await flushed(saved);
		await saved.destroy();

		const back = await reopen(name);
		expect(back.getText('clause').toString()).toBe('Text my partner when I leave work.');
		expect([...back.getMap('log').keys()].sort()).toEqual(['early', 'late']);
	});
});
