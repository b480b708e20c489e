/**
 * The sync status everyone sees, derived from plain facts so it can be tested without a
 * browser. Honest first: never "connected" unless a peer has synced.
 */
import { timeAgo } from '../core/time';

/** Where syncing stands now. */
export type SyncState =
	| { kind: 'storage'; problem: 'unavailable' | 'full' }
	| { kind: 'unpaired' }
	| { kind: 'offline'; lastPartnerSyncAt?: number; mailbox?: MailboxFacts }
	| {
			kind: 'looking';
			since: number;
			lastPartnerSyncAt?: number;
			/**
			 * Messages in our room kept arriving sealed with another key, and none that opened (nor a
			 * peer that synced) came in between.
			 */
			keyMismatch: boolean;
			/** Long enough without an answer that something may be wrong. */
			waitedLong: boolean;
			mailbox?: MailboxFacts;
	  }
	| { kind: 'connected'; partner: boolean; ownDevices: number };

/** The facts the status is derived from. */
export interface SyncFacts {
	storage: 'ok' | 'unavailable' | 'full';
	paired: boolean;
	online: boolean;
	signalingConnected: boolean;
	/** Synced peers that belong to the partner, and to this person's other devices. */
	partnerPeers: number;
	ownPeers: number;
	lookingSince: number;
	lastPartnerSyncAt?: number;
	/** Signaling messages this device could not open: how many in a row, and the last one's time. */
	unreadable?: { inARow: number; lastAt?: number };
	/** The shared space's mailbox, when both partners turned it on. */
	mailbox?: MailboxFacts;
	now: number;
}

/** What the status says about the mailbox ("Deliver while we're apart"). */
export interface MailboxFacts {
	/** Something written here is not in the mailbox yet. */
	waiting: boolean;
	problem?: 'gone' | 'full' | 'unreachable' | 'refused';
	lastUploadAt?: number;
	/** When the partner's changes last arrived through the mailbox. */
	lastArrivalAt?: number;
}

/**
 * Unreadable messages in a row before the status mentions them. One alone means little (anyone
 * holding the room's token can send junk); a device with an old key keeps announcing itself.
 */
export const UNREADABLE_WARN_AFTER = 3;

/** After this long with no answer, say calmly what may be wrong. */
export const WAITED_LONG_MS = 45_000;

/** Derives the status shown on every screen. */
export function deriveStatus(f: SyncFacts): SyncState {
	if (f.storage !== 'ok') return { kind: 'storage', problem: f.storage };
	if (f.partnerPeers > 0) return { kind: 'connected', partner: true, ownDevices: f.ownPeers };
	const mismatch =
		(f.unreadable?.inARow ?? 0) >= UNREADABLE_WARN_AFTER &&
		(f.unreadable?.lastAt ?? 0) >= f.lookingSince;
	if (!f.paired && f.ownPeers === 0 && !mismatch) return { kind: 'unpaired' };
	// navigator.onLine can say "offline" on networks that work (and the reverse), so what
	// counts is whether the signaling server answers.
	if (!f.signalingConnected) {
		return { kind: 'offline', lastPartnerSyncAt: f.lastPartnerSyncAt, mailbox: f.mailbox };
	}
	if (f.ownPeers > 0 && !f.paired)
		return { kind: 'connected', partner: false, ownDevices: f.ownPeers };
	return {
		kind: 'looking',
		since: f.lookingSince,
		lastPartnerSyncAt: f.lastPartnerSyncAt,
		keyMismatch: mismatch,
		waitedLong: f.now - f.lookingSince >= WAITED_LONG_MS,
		mailbox: f.mailbox
	};
}

// Relative times are written the app's one way (`core/time.ts`).
export { timeAgo };

/** The words for a status: a short line, and a calmer, longer note when one helps. */
export function describeStatus(
	state: SyncState,
	partnerName: string | undefined,
	now: number,
	/** Whether this device made the space (and so is the one who can send a fresh invite). */
	madeIt = false
): { line: string; note?: string; tone: 'quiet' | 'good' | 'attention' } {
	const partner = partnerName || 'your partner';
	const last = (at?: number) =>
		at ? `Last synced with ${partner} ${timeAgo(at, now)}.` : undefined;
	switch (state.kind) {
		case 'storage':
			return state.problem === 'full'
				? {
						line: 'This device is out of space',
						note: 'New changes can’t be saved here until some space is freed. What is already saved is safe.',
						tone: 'attention'
					}
				: {
						line: 'This browser isn’t letting Kept save',
						note: 'Private browsing or a storage setting may be blocking it. Nothing you type now would be kept; open Kept in a normal window.',
						tone: 'attention'
					};
		case 'unpaired':
			return {
				line: 'Not paired yet',
				note: 'Invite your partner to share this space.',
				tone: 'quiet'
			};
		case 'offline':
			if (state.mailbox) return mailboxWords(state.mailbox, partner, now, true);
			return {
				line: 'Offline — saved on this device',
				note: last(state.lastPartnerSyncAt),
				tone: 'quiet'
			};
		case 'connected':
			return state.partner
				? { line: `Connected to ${partner}`, tone: 'good' }
				: { line: 'Connected to your other device', note: `Looking for ${partner}…`, tone: 'good' };
		case 'looking': {
			if (state.mailbox && !state.keyMismatch)
				return mailboxWords(state.mailbox, partner, now, false);
			// Said plainly and without alarm: what arrived, what this device did, what may help.
			if (state.keyMismatch) {
				const help = madeIt
					? `If ${partner} can’t connect, their invite may be out of date: send a fresh one from the Invite page.`
					: `If this goes on, ask ${partner} for a fresh invite link.`;
				return {
					line: `Looking for ${partner}…`,
					note: `Messages for this space are arriving sealed with a different key, so this device sets them aside. ${help} Nothing here has changed; everything is saved on this device.`,
					tone: 'attention'
				};
			}
			if (state.waitedLong) {
				return {
					line: state.lastPartnerSyncAt
						? (last(state.lastPartnerSyncAt) as string)
						: `Looking for ${partner}…`,
					note: state.lastPartnerSyncAt
						? `${partner} may simply be offline. Changes sync when you’re both online.`
						: `No answer yet. ${partner} may be offline; if they have Kept open right now, the invite may be out of date — ask them for a fresh one.`,
					tone: 'quiet'
				};
			}
			return {
				line: `Looking for ${partner}…`,
				note: last(state.lastPartnerSyncAt),
				tone: 'quiet'
			};
		}
	}
}

/**
 * The status while the partner is not connected directly but the mailbox is on: what waits
 * here, what is in the mailbox, what arrived through it, and why it can't be used if it can't.
 */
function mailboxWords(
	m: MailboxFacts,
	partner: string,
	now: number,
	offline: boolean
): { line: string; note?: string; tone: 'quiet' | 'good' | 'attention' } {
	const arrived = m.lastArrivalAt
		? `${partner}’s changes arrived through the mailbox ${timeAgo(m.lastArrivalAt, now)}.`
		: undefined;
	const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;
	if (m.problem) {
		const why = {
			gone: 'The mailbox was turned off, so the server no longer keeps anything for you.',
			full: 'The mailbox on the server is full for now; Kept is making room.',
			unreachable: 'The server can’t be reached right now; Kept keeps trying.',
			refused: 'The server didn’t accept the last change; Kept will send everything again.'
		}[m.problem];
		return {
			line: m.waiting ? 'A change is waiting on this device' : 'Saved on this device',
			note: join(why, 'Everything is saved here.', arrived),
			tone: 'quiet'
		};
	}
	if (m.waiting) {
		return {
			line: 'A change is waiting on this device',
			note: join(
				offline
					? 'It goes to the mailbox as soon as this device is online.'
					: 'It goes to the mailbox in a moment.',
				arrived
			),
			tone: 'quiet'
		};
	}
	if (offline) return { line: 'Offline — saved on this device', note: arrived, tone: 'quiet' };
	return {
		line: m.lastUploadAt ? `In the mailbox for ${partner}` : 'Mailbox on',
		note: join(
			m.lastUploadAt ? `${partner} will get your changes next time they open Kept.` : undefined,
			arrived
		),
		tone: 'good'
	};
}
