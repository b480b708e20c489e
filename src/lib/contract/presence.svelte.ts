/**
 * What the partner is editing right now, read live from awareness (never stored): the contract
 * shows "Sam is editing *Evening check-in call*".
 */
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import type { PartnerId } from '../schema';
import type { Presence } from '../sync/space';

/** One thing the partner is editing, from one of their devices. */
export type Editing = NonNullable<Presence['editing']> & { partnerId: PartnerId };

/** The longest name shown for what the partner edits: enough to recognise a clause. */
export const LABEL_MAX = 80;

/** The partner's live presence on the contract. */
export class PresenceView {
	#awareness: Awareness;
	#me: PartnerId;
	#subscribe: () => void;

	constructor(awareness: Awareness, me: PartnerId) {
		this.#awareness = awareness;
		this.#me = me;
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	/** What the partner is editing, one entry per distinct thing (their two devices may agree). */
	get partnerEditing(): Editing[] {
		this.#subscribe();
		const byKey: Record<string, Editing> = {};
		for (const [client, state] of this.#awareness.getStates()) {
			if (client === this.#awareness.clientID) continue;
			const { partnerId, editing } = state as Partial<Presence>;
			if (!partnerId || partnerId === this.#me || !isEditing(editing)) continue;
			byKey[`${partnerId}:${editing.kind}:${editing.id}`] = { ...editing, partnerId };
		}
		return Object.values(byKey);
	}

	/** Whether the partner is editing this thing now. */
	isEditing(kind: string, id: string): boolean {
		return this.partnerEditing.some((e) => e.kind === kind && e.id === id);
	}
}

/** A short name for a clause: one line, at most LABEL_MAX characters. */
export function presenceLabel(text: string, fallback: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	if (!line) return fallback;
	const chars = Array.from(line);
	return chars.length > LABEL_MAX ? `${chars.slice(0, LABEL_MAX - 1).join('')}…` : line;
}

function isEditing(value: unknown): value is NonNullable<Presence['editing']> {
	const v = value as Presence['editing'];
	return !!v && typeof v.kind === 'string' && typeof v.id === 'string';
}
