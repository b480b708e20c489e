/** The two partners of a space: who they are, and who may join. */
import type * as Y from 'yjs';
import { LOCAL, roots, type Partner, type PartnerId } from '../schema';

/** Longest name we keep; longer input is cut with a note, never refused. */
export const NAME_MAX = 40;

/** Every partner entry, active or not. */
function all(doc: Y.Doc): Partner[] {
	return [...roots.partners(doc).values()].filter(isPartner);
}

function isPartner(p: unknown): p is Partner {
	return !!p && typeof p === 'object' && typeof (p as Partner).id === 'string';
}

/**
 * Who the two partners are, as this device pinned them at pairing (kept in the device's own
 * settings, never synced). Set on each open document by the app; a document without a pin
 * (before pairing, and in most tests) falls back to the order of joining.
 */
const pins = new WeakMap<Y.Doc, readonly [PartnerId, PartnerId]>();

/** Pins the two partners on this device: from now on synced changes can't replace either. */
export function pinPartners(doc: Y.Doc, ids: readonly [PartnerId, PartnerId]): void {
	pins.set(doc, ids);
}

/** The pinned pair of this document on this device, if it has one. */
export function pinnedPartners(doc: Y.Doc): readonly [PartnerId, PartnerId] | undefined {
	return pins.get(doc);
}

/** The first two who joined (by time, then id, so every device agrees); the unpinned answer. */
function byJoining(doc: Y.Doc): Partner[] {
	return all(doc)
		.filter((p) => !p.deletedAt)
		.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1))
		.slice(0, 2);
}

/**
 * The two people of this space. Once pinned, the pinned two, whatever the synced list now says
 * (a rewritten `joinedAt`, a `deletedAt`, a third entry); before that, the first two who joined.
 */
export function activePartners(doc: Y.Doc): Partner[] {
	const pin = pins.get(doc);
	if (!pin) return byJoining(doc);
	const partners = roots.partners(doc);
	return pin.map((id) => partners.get(id)).filter(isPartner);
}

/**
 * The two partners as the document's own list would now name them, when that differs from the
 * pinned pair: a change that arrived by sync and needs both partners' attention. Null when
 * there is no pin or nothing differs.
 */
export function partnersChangedBySync(doc: Y.Doc): Partner[] | null {
	const pin = pins.get(doc);
	if (!pin) return null;
	const partners = roots.partners(doc);
	const pinnedIntact = pin.every((id) => {
		const p = partners.get(id);
		return isPartner(p) && !p.deletedAt;
	});
	const others = all(doc).filter((p) => !p.deletedAt && !pin.includes(p.id));
	return pinnedIntact && others.length === 0 ? null : byJoining(doc);
}

/** The partner with this id, if they are one of the two. */
export function partnerById(doc: Y.Doc, id: PartnerId): Partner | undefined {
	return activePartners(doc).find((p) => p.id === id);
}

/** The other partner, seen from `me`. */
export function otherPartner(doc: Y.Doc, me: PartnerId): Partner | undefined {
	return activePartners(doc).find((p) => p.id !== me);
}

/** True when both partners are in the space. */
export function isPaired(doc: Y.Doc): boolean {
	return activePartners(doc).length === 2;
}

/**
 * True when `me` wrote an entry but the space already had two partners before them. Never on a
 * device that pinned its partners: synced data can't make a paired device refuse itself.
 */
export function isRefused(doc: Y.Doc, me: PartnerId): boolean {
	if (pins.has(doc)) return false;
	const mine = roots.partners(doc).get(me);
	return !!mine && !mine.deletedAt && activePartners(doc).every((p) => p.id !== me);
}

/** A name as it will be kept: trimmed, single-line, at most NAME_MAX characters. */
export function cleanName(raw: string): string {
	return Array.from(
		raw
			.replace(/[\u0000-\u001f\u007f]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	)
		.slice(0, NAME_MAX)
		.join('');
}

/** Adds the joining partner's own entry: the only thing a joiner writes before first sync. */
export function addPartner(doc: Y.Doc, id: PartnerId, name: string, now: number): void {
	doc.transact(() => {
		roots.partners(doc).set(id, { id, name: cleanName(name), joinedAt: now, updatedAt: now });
	}, LOCAL);
}

/** Changes a partner's display name. */
export function renamePartner(doc: Y.Doc, id: PartnerId, name: string, now: number): void {
	const current = roots.partners(doc).get(id);
	const clean = cleanName(name);
	if (!current || !clean || current.name === clean) return;
	doc.transact(() => {
		roots.partners(doc).set(id, { ...current, name: clean, updatedAt: now });
	}, LOCAL);
}

/** Withdraws an entry (a refused join), so every device stops counting it. */
export function withdrawPartner(doc: Y.Doc, id: PartnerId, now: number): void {
	const current = roots.partners(doc).get(id);
	if (!current || current.deletedAt) return;
	doc.transact(() => {
		roots.partners(doc).set(id, { ...current, deletedAt: now, updatedAt: now });
	}, LOCAL);
}
