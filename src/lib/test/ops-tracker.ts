/**
 * Walk operations on the tracker: entries recorded, changed and withdrawn (refused once locked),
 * amendments, "I noticed", talk flags, reactions, moments and hard days. Test-only.
 */
import { expect } from 'vitest';
import { listClauses } from '../contract/contract';
import { roots } from '../schema';
import {
	acknowledge,
	addMoment,
	amendEntry,
	changeEntry,
	clearHardDay,
	editMoment,
	isLocked,
	markHardDay,
	markTalk,
	OUTCOMES,
	REACTIONS,
	react,
	recordEntry,
	removeEntry,
	removeMoment,
	resolveTalk,
	talkKey,
	type Entry,
	type Moment,
	type Result
} from '../tracker';
import { addDays, toDay } from '../core/calendar';
import { checkinIdOf } from '../checkins';
import { filler } from './text-edits';
import { pickFrom, recordAt, type Ctx, type Op } from './walk-context';
import { A, B } from './world';

const entryOn = (c: Ctx, id: string) => recordAt<Entry>(roots.log(c.doc), id);
const isLive = (c: Ctx, id: string) => {
	const e = entryOn(c, id);
	return e?.type === 'entry' && !e.deletedAt;
};
const momentOn = (c: Ctx, id: string) => recordAt<Moment>(roots.moments(c.doc), id);

/** A note with a marker, so a refused rewrite can be looked for later. */
function note(c: Ctx): { text: string; marker: string } {
	const marker = c.w.marker('n');
	return { text: `${filler(c.rng)} ${marker}`, marker };
}

/**
 * Runs a write on an own entry and checks the answer: refused exactly when the entry is gone on
 * this device, or locked by this device's clock — and then nothing was written.
 */
function expectLockRule(c: Ctx, id: string, write: () => Result, marker?: string): void {
	const e = entryOn(c, id);
	const live = e?.type === 'entry' && !e.deletedAt;
	const locked = live && isLocked(e.day, c.now);
	const expected = !live
		? { ok: false, reason: 'notFound' }
		: locked
			? { ok: false, reason: 'locked' }
			: { ok: true, id };
	expect(write(), `${c.w.at}: write on entry ${id}`).toEqual(expected);
	if (locked) {
		expect(entryOn(c, id), `${c.w.at}: locked entry ${id} was rewritten`).toBe(e);
		c.w.count('refused:locked');
		c.w.lockedEntries.add(id);
		if (marker) c.w.refused.add(marker);
	}
}

/** The tracker's operations, with how often the walk does each. */
export const trackerOps: Record<string, Op> = {
	recordEntry: {
		weight: 10,
		run(c) {
			const clauses = listClauses(c.doc);
			if (clauses.length === 0) return false;
			const clauseId = c.rng.pick(clauses).id;
			const day = addDays(toDay(c.now), c.rng.pick([0, 0, 0, 0, -1, -1, -2, -3, -6, -8, -10, 1]));
			const outcome = c.rng.pick(OUTCOMES);
			const { text, marker } = note(c);
			// The model refuses a locked day only when this partner already has a live entry there.
			const taken =
				isLocked(day, c.now) &&
				c.w.made.entries[c.me].some(
					(e) => e.clauseId === clauseId && e.day === day && isLive(c, e.id)
				);
			const result = recordEntry(
				c.doc,
				{
					clauseId,
					day,
					partnerId: c.me,
					outcome,
					note: text,
					...(outcome === 'excused' ? { reason: filler(c.rng) } : {})
				},
				c.now
			);
			if (taken) {
				expect(result, `${c.w.at}: a locked, filled day took a new entry`).toEqual({
					ok: false,
					reason: 'locked'
				});
				c.w.refused.add(marker);
				c.w.count('refused:locked');
			} else {
				expect(result.ok, `${c.w.at}: recordEntry refused (${JSON.stringify(result)})`).toBe(true);
				if (result.ok) c.w.made.entries[c.me].push({ id: result.id, by: c.me, day, clauseId });
			}
			return true;
		}
	},
	changeEntry: {
		weight: 5,
		run(c) {
			const entry = pickFrom(c, c.w.made.entries[c.me], (e) => !!entryOn(c, e.id));
			if (!entry) return false;
			const outcome = c.rng.pick(OUTCOMES);
			const { text, marker } = note(c);
			const change = { outcome, note: text, ...(outcome === 'excused' ? { reason: 'rest' } : {}) };
			expectLockRule(c, entry.id, () => changeEntry(c.doc, entry.id, change, c.me, c.now), marker);
			return true;
		}
	},
	removeEntry: {
		weight: 1.5,
		run(c) {
			const entry = pickFrom(c, c.w.made.entries[c.me], (e) => !!entryOn(c, e.id));
			if (!entry) return false;
			expectLockRule(c, entry.id, () => removeEntry(c.doc, entry.id, c.me, c.now));
			return true;
		}
	},
	amendEntry: {
		weight: 2,
		run(c) {
			const entry = pickFrom(c, c.w.made.entries[c.me], (e) => isLive(c, e.id));
			if (!entry) return false;
			const amendment = { by: c.me, text: note(c).text, outcome: c.rng.pick(OUTCOMES) };
			const result = amendEntry(c.doc, entry.id, amendment, c.now);
			expect(result.ok, `${c.w.at}: amendment refused`).toBe(true);
			return true;
		}
	},
	acknowledge: {
		weight: 4,
		run(c) {
			const entry = pickFrom(c, c.w.made.entries[c.other], (e) => isLive(c, e.id));
			if (!entry) return false;
			expect(acknowledge(c.doc, entry.id, c.me, c.now).ok, `${c.w.at}: ack refused`).toBe(true);
			expect(acknowledge(c.doc, entry.id, c.other, c.now), `${c.w.at}: own ack`).toEqual({
				ok: false,
				reason: 'ownEntry'
			});
			return true;
		}
	},
	markTalk: {
		weight: 1,
		run(c) {
			const entry = pickFrom(c, c.w.made.entries[c.other], (e) => isLive(c, e.id));
			if (!entry) return false;
			expect(markTalk(c.doc, entry.id, c.me, note(c).text, c.now).ok, c.w.at).toBe(true);
			return true;
		}
	},
	resolveTalk: {
		weight: 1,
		run(c) {
			const entry = pickFrom(c, [...c.w.made.entries[A], ...c.w.made.entries[B]], (e) =>
				roots.log(c.doc).has(talkKey(e.id, e.by === A ? B : A))
			);
			if (!entry) return false;
			const key = talkKey(entry.id, entry.by === A ? B : A);
			resolveTalk(c.doc, key, checkinIdOf(toDay(c.now)), c.now);
			return true;
		}
	},
	react: {
		weight: 2,
		run(c) {
			const target = c.rng.chance(0.5)
				? pickFrom(c, c.w.made.entries[c.other], (e) => isLive(c, e.id))?.id
				: pickFrom(c, c.w.made.moments, (m) => !!momentOn(c, m.id))?.id;
			if (!target) return false;
			react(c.doc, target, c.me, c.rng.chance(0.8) ? c.rng.pick(REACTIONS) : null, c.now);
			return true;
		}
	},
	addMoment: {
		weight: 2,
		run(c) {
			const kind = c.rng.pick(['noticed', 'win', 'appreciation'] as const);
			const result = addMoment(
				c.doc,
				{ kind, by: c.me, text: note(c).text, ...(kind === 'win' ? {} : { about: c.other }) },
				c.now
			);
			expect(result.ok, `${c.w.at}: moment refused`).toBe(true);
			if (result.ok) c.w.made.moments.push({ id: result.id, by: c.me });
			return true;
		}
	},
	editMoment: {
		weight: 1,
		run(c) {
			const m = pickFrom(c, c.w.made.moments, (m) => m.by === c.me && !!momentOn(c, m.id));
			if (!m) return false;
			const live = !momentOn(c, m.id)?.deletedAt;
			expect(editMoment(c.doc, m.id, c.me, note(c).text, c.now).ok, c.w.at).toBe(live);
			return true;
		}
	},
	removeMoment: {
		weight: 0.5,
		run(c) {
			const m = pickFrom(c, c.w.made.moments, (m) => m.by === c.me && !!momentOn(c, m.id));
			if (!m) return false;
			removeMoment(c.doc, m.id, c.me, c.now);
			return true;
		}
	},
	markHardDay: {
		weight: 1,
		run(c) {
			const touchBase = c.rng.chance(0.5) ? '18:30' : null;
			expect(markHardDay(c.doc, c.me, toDay(c.now), c.now, touchBase).ok, c.w.at).toBe(true);
			return true;
		}
	},
	clearHardDay: {
		weight: 0.5,
		run(c) {
			clearHardDay(c.doc, c.me, toDay(c.now), c.now);
			return true;
		}
	}
};
