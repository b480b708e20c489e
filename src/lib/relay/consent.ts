/**
 * Who has agreed to the mailbox. The shared space holds both partners' words, so it goes to the
 * server only when both said yes. Each person's own yes is also kept in their private document
 * (only their own devices hold it): a device acts on that, so a partner who writes a false
 * "yes" for the other into the shared space changes only what their own device does.
 * The private journal has a switch of its own, in the private document only.
 */
import type * as Y from 'yjs';
import { LOCAL, roots, type PartnerId } from '../schema';
import { activePartners } from '../partners/partners';

/** One person's answer, and when they gave it. */
export interface Consent {
	on: boolean;
	at: number;
}

/** The private document's root for this person's own choices. */
export const privateRelayRoot = (privateDoc: Y.Doc) => privateDoc.getMap<unknown>('relay');

/** Where the couple stands on the shared space's mailbox. */
export interface Agreement {
	/** Both partners agreed (and this device's person said so privately): the mailbox is on. */
	agreed: boolean;
	me: boolean;
	partner: boolean;
	partnerId?: PartnerId;
	/** The mailbox's epoch: a new one each time it was turned off. */
	epoch: number;
}

function consentIn(map: Y.Map<unknown>, key: string): boolean {
	const value = map.get(key) as Partial<Consent> | undefined;
	return value?.on === true;
}

/** The shared space's mailbox as this device sees it. */
export function agreement(doc: Y.Doc, privateDoc: Y.Doc, me: PartnerId): Agreement {
	const shared = roots.relay(doc);
	const partnerId = activePartners(doc).find((p) => p.id !== me)?.id;
	const mine = consentIn(privateRelayRoot(privateDoc), 'space');
	const partner = partnerId ? consentIn(shared, `consent:${partnerId}`) : false;
	return {
		agreed: mine && partner,
		me: mine,
		partner,
		partnerId,
		epoch: Number(shared.get('epoch') ?? 0)
	};
}

/**
 * This person turns the shared mailbox on or off. Off raises the epoch, so the mailbox the
 * caller now deletes is never used again; on again needs both, and opens a fresh one.
 */
export function setSpaceConsent(
	doc: Y.Doc,
	privateDoc: Y.Doc,
	me: PartnerId,
	on: boolean,
	now = Date.now()
): void {
	privateDoc.transact(() => privateRelayRoot(privateDoc).set('space', { on, at: now }), LOCAL);
	doc.transact(() => {
		const shared = roots.relay(doc);
		shared.set(`consent:${me}`, { on, at: now } satisfies Consent);
		if (!on) shared.set('epoch', Number(shared.get('epoch') ?? 0) + 1);
	}, LOCAL);
}

/** Whether the private journal goes through its own mailbox, and its epoch. */
export function journalMailbox(privateDoc: Y.Doc): { on: boolean; epoch: number } {
	const root = privateRelayRoot(privateDoc);
	return { on: consentIn(root, 'journal'), epoch: Number(root.get('journalEpoch') ?? 0) };
}

/** Turns the journal's mailbox on or off (off raises its epoch, as for the space). */
export function setJournalConsent(privateDoc: Y.Doc, on: boolean, now = Date.now()): void {
	privateDoc.transact(() => {
		const root = privateRelayRoot(privateDoc);
		root.set('journal', { on, at: now } satisfies Consent);
		if (!on) root.set('journalEpoch', Number(root.get('journalEpoch') ?? 0) + 1);
	}, LOCAL);
}
