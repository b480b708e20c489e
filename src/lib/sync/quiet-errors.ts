/**
 * Errors that are facts for the status line, not faults: y-webrtc throws an unhandled
 * OperationError for every signaling message it cannot decrypt (a peer with another key),
 * and y-indexeddb lets a full disk surface as an unhandled QuotaExceededError. Both are
 * turned into calm status, and kept out of the console. A third is y-webrtc tripping over an
 * answer that arrives after its connection closed: harmless, and silenced.
 */

interface Handlers {
	keyMismatch(): void;
	storageFull(): void;
}

/** y-webrtc's signaling code sets `glareToken` on a connection that no longer exists. */
function isLateAnswer(reason: unknown): boolean {
	return reason instanceof TypeError && /glareToken/.test(reason.message);
}

/** Listens for those errors; returns a function that stops listening. */
export function onQuietErrors(handlers: Handlers): () => void {
	if (typeof window === 'undefined') return () => undefined;
	const onRejection = (event: PromiseRejectionEvent) => {
		const name = (event.reason as { name?: string } | null)?.name;
		if (name === 'OperationError') {
			event.preventDefault();
			handlers.keyMismatch();
		} else if (isLateAnswer(event.reason)) {
			// y-webrtc reads an answer for a connection it already closed; nothing is lost.
			event.preventDefault();
		} else if (name === 'QuotaExceededError') {
			event.preventDefault();
			handlers.storageFull();
		}
	};
	window.addEventListener('unhandledrejection', onRejection);
	return () => window.removeEventListener('unhandledrejection', onRejection);
}
