/**
 * The floor for a cold start: a bare page that only loads a space from IndexedDB into a Y.Doc
 * and counts today's tracker entries. Nothing of the app, no framework: what Kept's own start
 * is compared against.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

const db = new URLSearchParams(location.search).get('db') ?? '';
const doc = new Y.Doc();
const persistence = new IndexeddbPersistence(db, doc);
void persistence.whenSynced.then(() => {
	const now = new Date();
	const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
	let entries = 0;
	doc.getMap<{ day?: string }>('log').forEach((v) => {
		if (v && typeof v === 'object' && v.day === today) entries++;
	});
	const out = document.createElement('p');
	out.id = 'ready';
	out.textContent = `${entries} entries today`;
	document.body.append(out);
});
