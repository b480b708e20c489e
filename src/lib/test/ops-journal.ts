/**
 * Walk operations on the private journal (entries typed on either of a partner's devices,
 * deleted, erased) and on insights, the only road from it to the shared space. Test-only.
 */
import { expect } from 'vitest';
import { renamePartner } from '../partners/partners';
import {
	createEntry,
	deleteEntry,
	editText,
	entryText,
	eraseEntry,
	readEntry,
	restoreEntry,
	setMood,
	setTags,
	TEXT_KEYS,
	type JournalEntry
} from '../journal/journal';
import { readInsight, shareFromEntry, shareInsight, withdrawInsight } from '../journal/insights';
import { filler, nextText } from './text-edits';
import { pickFrom, type Ctx, type Op } from './walk-context';
import { markersIn } from './world';

const ownEntry = (c: Ctx, test: (e: JournalEntry) => boolean = () => true) =>
	pickFrom(c, c.w.made.journal[c.me], (id) => {
		const e = readEntry(c.priv, id);
		return !!e && test(e);
	});

/** Every marker in an entry's texts, as this device has them. */
function markersOf(entry: JournalEntry): string[] {
	return markersIn([entry.text, ...Object.values(entry.prompts)].join(' '));
}

/** The journal's and insights' operations, with how often the walk does each. */
export const journalOps: Record<string, Op> = {
	createJournalEntry: {
		weight: 3,
		run(c) {
			c.w.made.journal[c.me].push(createEntry(c.priv, c.now));
			return true;
		}
	},
	editJournalText: {
		weight: 8,
		run(c) {
			const id = ownEntry(c);
			if (!id) return false;
			const key = c.rng.pick(TEXT_KEYS);
			const marker = c.w.marker('j');
			const plan = nextText(entryText(c.priv, id, key)?.toString() ?? '', marker, 4000, c.rng);
			if (!plan) return false;
			expect(editText(c.priv, id, key, plan.next, c.now), `${c.w.at}: journal edit`).toBe(true);
			if (plan.typed) {
				const path = `journal/${id}/${key}`;
				c.w.textMarkers.push({ marker, group: c.d.private.group, path, step: c.w.clock.step });
			}
			return true;
		}
	},
	setJournalMood: {
		weight: 1,
		run(c) {
			const id = ownEntry(c);
			if (!id) return false;
			setMood(c.priv, id, c.rng.pick([1, 2, 3, 4, 5, undefined] as const), c.now);
			return true;
		}
	},
	setJournalTags: {
		weight: 1,
		run(c) {
			const id = ownEntry(c);
			if (!id) return false;
			setTags(c.priv, id, filler(c.rng).split(' '), c.now);
			return true;
		}
	},
	deleteJournalEntry: {
		weight: 0.7,
		run(c) {
			const id = ownEntry(c, (e) => !e.deletedAt);
			if (!id) return false;
			deleteEntry(c.priv, id, c.now);
			return true;
		}
	},
	restoreJournalEntry: {
		weight: 0.5,
		run(c) {
			const id = ownEntry(c, (e) => !!e.deletedAt);
			if (!id) return false;
			restoreEntry(c.priv, id, c.now);
			return true;
		}
	},
	eraseJournalEntry: {
		weight: 0.4,
		run(c) {
			const id = ownEntry(c, (e) => !!e.deletedAt);
			if (!id) return false;
			// What this device sees is erased; words typed elsewhere meanwhile survive (see World).
			for (const m of markersOf(readEntry(c.priv, id)!)) c.w.erased.add(m);
			c.w.erasedEntries.add(id);
			eraseEntry(c.priv, id, c.now);
			return true;
		}
	},
	shareFromEntry: {
		weight: 2,
		run(c) {
			const id = ownEntry(c, (e) => markersOf(e).length > 0);
			if (!id) return false;
			const marker = c.rng.pick(markersOf(readEntry(c.priv, id)!));
			c.w.sharedJournal.add(marker);
			const words = `${filler(c.rng)} ${marker}`;
			const shared = shareFromEntry(c.doc, c.priv, { by: c.me, entryId: id, words, now: c.now });
			expect(shared, `${c.w.at}: nothing shared`).not.toBeNull();
			c.w.made.insights.push({ id: shared!, by: c.me, markers: [marker] });
			return true;
		}
	},
	shareInsight: {
		weight: 1,
		run(c) {
			const marker = c.w.marker('i');
			const id = shareInsight(c.doc, c.me, `${filler(c.rng)} ${marker}`, c.now);
			expect(id, `${c.w.at}: nothing shared`).not.toBeNull();
			c.w.made.insights.push({ id: id!, by: c.me, markers: [marker] });
			return true;
		}
	},
	withdrawInsight: {
		weight: 1,
		run(c) {
			const insight = pickFrom(c, c.w.made.insights, (i) => i.by === c.me);
			if (!insight) return false;
			const open = readInsight(c.doc, insight.id);
			const withdrawn = withdrawInsight(c.doc, insight.id, c.me, c.now);
			expect(withdrawn, `${c.w.at}: withdraw`).toBe(!!open && !open.withdrawnAt);
			return true;
		}
	},
	renamePartner: {
		weight: 0.3,
		run(c) {
			renamePartner(c.doc, c.me, `${c.me} ${filler(c.rng)}`, c.now);
			return true;
		}
	}
};
