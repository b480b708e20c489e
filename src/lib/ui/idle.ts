/**
 * Runs work the first screen does not need once the browser is idle after painting it, so a
 * cold start with years of data shows Today first and extras (a milestone to celebrate) a
 * moment later. Returns a function that cancels it.
 */
export function whenIdle(work: () => void, timeout = 1_000): () => void {
	if (typeof requestIdleCallback === 'function') {
		const id = requestIdleCallback(() => work(), { timeout });
		return () => cancelIdleCallback(id);
	}
	const id = setTimeout(work, 50);
	return () => clearTimeout(id);
}
