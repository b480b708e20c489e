/**
 * Errors that are facts for the status line, not faults: y-webrtc throws an unhandled
 * OperationError for every signaling message it cannot decrypt (a peer with another key),
 * and y-indexeddb lets a full disk surface as an unhandled QuotaExceededError. Both are
 * turned into calm status, and kept out of the console.
 */

interface Handlers {
	keyMismatch(): void;
	storageFull(): void;
}

/** Listens for those two errors; returns a function that stops listening. */
export function onQuietErrors(handlers: Handlers): () => void {
	if (typeof window === 'undefined') return () => undefined;
	const onRejection = (event: PromiseRejectionEvent) => {
		const name = (event.reason as { name?: string } | null)?.name;
		if (name === 'OperationError') {
			event.preventDefault();
			handlers.keyMismatch();
		} else if (name === 'QuotaExceededError') {
			event.preventDefault();
			handlers.storageFull();
		}
	};
	window.addEventListener('unhandledrejection', onRejection);
	return () => window.removeEventListener('unhandledrejection', onRejection);
}
