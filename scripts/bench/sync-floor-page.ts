/**
 * The floor for a first full sync: a bare page with nothing of the app but Kept's own peer
 * link (y-webrtc with its framing, src/lib/sync/webrtc.ts) and a Y.Doc. One page holds the
 * space in memory, the other starts empty; no IndexedDB, no views. Kept's own first sync is
 * compared against it.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { yCollab } from 'y-codemirror.next';
import { PeerSync } from '../../src/lib/sync/webrtc';

const doc = new Y.Doc();
const signaling = new URL('/signal', location.origin);
signaling.protocol = 'ws:';

function bytes(b64: string): Uint8Array {
	return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** True once `doc` holds at least everything in the state vector `want`. */
function holds(want: Map<number, number>): boolean {
	const have = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const [client, clock] of want) if ((have.get(client) ?? 0) < clock) return false;
	return true;
}

const floor = {
	/** Fills this page's document (the page that already has the space). */
	load(update: string): void {
		Y.applyUpdate(doc, bytes(update));
	},
	/**
	 * Joins the room; with `expect` (an encoded state vector), resolves with the ms from joining
	 * and from the data channel opening until the document holds all of it.
	 */
	start(room: string, key: string, expect?: string): Promise<{ total: number; fromOpen: number }> {
		const started = performance.now();
		// The room follows the key (as in the app), so each room gets a key of its own.
		new PeerSync(doc, awareness, {
			key: `${key}:${room}`,
			signaling: signaling.toString(),
			iceServers: []
		});
		if (!expect) return new Promise(() => undefined);
		const want = Y.decodeStateVector(bytes(expect));
		return new Promise((resolve) => {
			const check = () => {
				if (!holds(want)) return;
				doc.off('afterTransaction', check);
				// On screen, as the app is measured: the next frame once the whole update is applied
				// (afterTransaction runs before Yjs encodes it for its 'update' listeners).
				requestAnimationFrame(() => {
					const now = performance.now();
					const open = performance.getEntriesByName('kept:channel-open')[0]?.startTime ?? NaN;
					resolve({ total: now - started, fromOpen: now - open });
				});
			};
			doc.on('afterTransaction', check);
		});
	}
};
// Typing: a text area on one page appends what is typed to a shared text; the other page shows
// that text on screen as it arrives.
const typed = doc.getText('typed');
const area = Object.assign(document.createElement('textarea'), { id: 'typing' });
area.setAttribute('aria-label', 'Typing');
area.addEventListener('input', (e) => {
	const data = (e as InputEvent).data;
	if (data) typed.insert(typed.length, data);
});
// The same text in the editor the contract uses (CodeMirror bound with y-codemirror.next), for
// the floor of a keystroke in a clause.
const awareness = new Awareness(doc);
function mountEditor(): void {
	const editor = new EditorView({
		state: EditorState.create({
			doc: typed.toString(),
			extensions: [
				yCollab(typed, awareness),
				EditorView.contentAttributes.of({ 'aria-label': 'Editor' })
			]
		})
	});
	document.body.append(editor.dom);
}
const mirror = Object.assign(document.createElement('p'), { id: 'mirror' });
document.body.append(area, mirror);
typed.observe(() => {
	mirror.textContent = typed.toString();
});
(window as unknown as { floor: typeof floor & { mountEditor(): void } }).floor = {
	...floor,
	mountEditor
};
document.body.append(Object.assign(document.createElement('p'), { id: 'ready' }));
