/**
 * Notices of new blobs across instances, through Redis pub/sub: a device watching on one
 * instance hears of an upload that landed on another. Each instance subscribes to a mailbox's
 * channel only while one of its sockets watches it; the message is only the sender's instance
 * id (its own are already delivered locally). No content ever goes through Redis.
 */
import type { Redis } from 'ioredis';
import { createLocalNotifier, type MailboxNotifier } from './notifier';

const RELAY_CHANNEL = 'kept:relay:';

/** A notifier shared by every instance on the same Redis. */
export function createRedisNotifier(pub: Redis, sub: Redis, instance: string): MailboxNotifier {
	const local = createLocalNotifier();
	const watching = new Map<string, number>();
	sub.on('message', (channel: string, message: string) => {
		if (!channel.startsWith(RELAY_CHANNEL) || message === instance) return;
		local.notify(channel.slice(RELAY_CHANNEL.length));
	});
	return {
		watch(mailbox, listener) {
			const count = watching.get(mailbox) ?? 0;
			if (count === 0) void sub.subscribe(RELAY_CHANNEL + mailbox).catch(() => undefined);
			watching.set(mailbox, count + 1);
			const stop = local.watch(mailbox, listener);
			let stopped = false;
			return () => {
				if (stopped) return;
				stopped = true;
				stop();
				const left = (watching.get(mailbox) ?? 1) - 1;
				if (left > 0) return void watching.set(mailbox, left);
				watching.delete(mailbox);
				void sub.unsubscribe(RELAY_CHANNEL + mailbox).catch(() => undefined);
			};
		},
		notify(mailbox) {
			local.notify(mailbox);
			void pub.publish(RELAY_CHANNEL + mailbox, instance).catch(() => undefined);
		}
	};
}
