/**
 * "Something new for mailbox X": told to the devices watching X over their open /signal
 * socket, so partners online together without a direct path see edits within a second. The
 * notice carries no content; the device fetches the blobs over HTTP with its token.
 * This is one process's; with Redis, `redis-notifier.ts` carries notices between instances.
 */

/** Who hears of new blobs, per mailbox. */
export interface MailboxNotifier {
	/** Calls `listener` on every new blob in `mailbox` until the returned function is called. */
	watch(mailbox: string, listener: () => void): () => void;
	/** A blob was stored in `mailbox`. */
	notify(mailbox: string): void;
}

/** The notifier of one process. */
export function createLocalNotifier(): MailboxNotifier {
	const listenersByMailbox = new Map<string, Set<() => void>>();
	return {
		watch(mailbox, listener) {
			let listeners = listenersByMailbox.get(mailbox);
			if (!listeners) listenersByMailbox.set(mailbox, (listeners = new Set()));
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) listenersByMailbox.delete(mailbox);
			};
		},
		notify(mailbox) {
			for (const listener of [...(listenersByMailbox.get(mailbox) ?? [])]) listener();
		}
	};
}
