/**
 * Taking words back on this device for real: after a withdrawal or an erase, the saved copy of
 * the document is compacted so the old words leave this device's disk too, not only later syncs.
 */
import type { Instant } from '../schema';
import { compactSaved } from '../backup/compact';
import { privateDbName, spaceDbName, type Space } from '../sync/space';
import { eraseEntry } from './journal';
import { withdrawInsight } from './insights';

/** Withdraws one's own insight, then compacts this device's saved shared space. */
export function withdrawHere(space: Space, insightId: string, now: Instant): boolean {
	const done = withdrawInsight(space.doc, insightId, space.device.me, now);
	if (done) void compactSaved(spaceDbName(space.device.room), space.doc);
	return done;
}

/** Erases a deleted entry's words, then compacts this device's saved journal. */
export function eraseHere(space: Space, entryId: string, now: Instant): void {
	eraseEntry(space.privateDoc, entryId, now);
	const journal = space.device.journal;
	if (journal) void compactSaved(privateDbName(journal.room), space.privateDoc);
}
