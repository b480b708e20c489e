/**
 * A small reaction on any entry or moment, stored in the same map as its target under
 * `react:target:partner`: one reaction per partner per target, changed or taken back freely.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type Instant, type PartnerId } from '../schema';
import type { Reaction, Result } from './model';
import { isEntry, isMoment, refuse } from './records';

/** The reactions on offer: warm, never graded. */
export const REACTIONS = ['💛', '🙏', '🌱', '👏'] as const;

/** One of the offered reactions. */
export type Emoji = (typeof REACTIONS)[number];

/** Sets this partner's reaction on an entry or a moment; `null` takes it back. */
export function react(
	doc: Y.Doc,
	targetId: string,
	by: PartnerId,
	emoji: Emoji | null,
	now: Instant = Date.now()
): Result {
	if (emoji !== null && !REACTIONS.includes(emoji)) return refuse('invalid');
	const log = roots.log(doc);
	const moments = roots.moments(doc);
	const target = log.get(targetId) ?? moments.get(targetId);
	const map = isEntry(target) ? log : isMoment(target) ? moments : undefined;
	if (!map || (target as { deletedAt?: number }).deletedAt) return refuse('notFound');
	const id = `react:${targetId}:${by}`;
	const prev = map.get(id) as Reaction | undefined;
	const next: Reaction =
		emoji === null
			? { type: 'reaction', id, targetId, by, emoji: prev?.emoji ?? '', at: now, deletedAt: now }
			: { type: 'reaction', id, targetId, by, emoji, at: now };
	doc.transact(() => map.set(id, next), LOCAL);
	return { ok: true, id };
}
