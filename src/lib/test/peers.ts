/**
 * Test helpers that move Yjs updates between in-memory docs the way peers do, so specs merge
 * real documents instead of mocking them. Test-only: never imported by app code.
 */
import * as Y from 'yjs';

/** The transaction origin of updates these helpers apply, so a spec can tell them from local edits. */
export const PEER = 'test:peer';

/** Brings every doc up to date with all the others: each sends each what it is missing. */
export function exchange(...docs: Y.Doc[]): void {
	// One pass suffices: the last sender already holds everything, and it sends to everyone.
	for (const from of docs) {
		for (const to of docs) {
			if (from === to) continue;
			const missing = Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));
			Y.applyUpdate(to, missing, PEER);
		}
	}
}

/**
 * Syncs two docs now and then forwards every live update between them, as a connected pair of
 * peers would. Returns a function that disconnects them (the docs go on working offline).
 */
export function connect(a: Y.Doc, b: Y.Doc): () => void {
	exchange(a, b);
	// Updates are applied with the sending doc as origin, so neither echoes back what it received.
	const toB = (update: Uint8Array, origin: unknown) => {
		if (origin !== b) Y.applyUpdate(b, update, a);
	};
	const toA = (update: Uint8Array, origin: unknown) => {
		if (origin !== a) Y.applyUpdate(a, update, b);
	};
	a.on('update', toB);
	b.on('update', toA);
	return () => {
		a.off('update', toB);
		b.off('update', toA);
	};
}

/** `count` fresh docs, each with its own random client id, like separate devices. */
export function peers(count = 2): Y.Doc[] {
	return Array.from({ length: count }, () => new Y.Doc());
}
