/**
 * Tells the partner what this person is editing while focus is inside a form, and stops telling
 * them when focus leaves it. Moving between fields of one form says nothing new.
 */
import type { Presence, Space } from '$lib/sync/space';

/** Presence for one editing form: spread `handlers` on its container. */
export class EditingPresence {
	#focused = $state(false);
	#space: () => Space;

	/** Must be constructed while a component initialises (it owns two effects). */
	constructor(space: () => Space, what: () => NonNullable<Presence['editing']>) {
		this.#space = space;
		$effect(() => {
			if (this.#focused) space().setEditing(what());
		});
		$effect(() => () => {
			if (this.#focused) this.#clear();
		});
	}

	/** focusin/focusout handlers for the form's container. */
	readonly handlers = {
		onfocusin: () => {
			this.#focused = true;
		},
		onfocusout: (event: FocusEvent) => {
			const to = event.relatedTarget as Node | null;
			if (to && (event.currentTarget as Node).contains(to)) return;
			this.#focused = false;
			this.#clear();
		}
	};

	#clear(): void {
		const space = this.#space();
		space.setEditing(undefined);
		// The editor binding leaves its caret in awareness after a blur; the partner would see it linger.
		space.awareness.setLocalStateField('cursor', null);
	}
}
