/**
 * Walk operations on check-ins (start, pause, answers drafted privately, submitted, revealed,
 * action items, victories, closing notes) and on setbacks. Test-only.
 */
import { expect } from 'vitest';
import {
	addActionItem,
	addVictory,
	checkinIdOf,
	draftOf,
	editAnswers,
	finishCheckin,
	markActionDone,
	pauseCheckin,
	postponeCheckin,
	PROMPTS,
	reopenActionItem,
	resumeCheckin,
	revealIfReady,
	saveDraftAnswers,
	setAppreciation,
	setCheckinSchedule,
	startCheckin,
	stopCheckin,
	submitAnswers,
	type Answers
} from '../checkins';
import { listClauses } from '../contract/contract';
import { roots } from '../schema';
import {
	editSetback,
	linkRevision,
	logSetback,
	markTalkedThrough,
	withdrawSetback
} from '../setbacks';
import { addDays, toDay } from '../core/calendar';
import { filler } from './text-edits';
import { pickFrom, type Ctx, type Op } from './walk-context';
import { PARTNERS } from './world';

const HOUR = 3_600_000;

/** This week's check-in, or (sometimes) last week's. */
function checkinId(c: Ctx): string {
	return checkinIdOf(addDays(toDay(c.now), c.rng.chance(0.8) ? 0 : -7));
}

/** Answers from this device's draft with one more marker typed into one of them. */
function answersWithMarker(c: Ctx, id: string): Partial<Answers> {
	const prev = draftOf(c.priv, id)?.answers;
	const prompt = c.rng.pick(PROMPTS).id;
	const marker = c.w.marker('a');
	c.w.answers.set(marker, { checkinId: id, by: c.me });
	const before = prev?.[prompt] ?? '';
	const text = before.length < 1900 ? `${before} ${filler(c.rng)} ${marker}` : marker;
	return {
		...prev,
		[prompt]: text,
		feltSafety: c.rng.chance(0.8) ? c.rng.between(0, 10) : null
	};
}

const hasSetback = (c: Ctx) => (s: { id: string }) => roots.setbacks(c.doc).has(s.id);

/** The check-ins' and setbacks' operations, with how often the walk does each. */
export const checkinOps: Record<string, Op> = {
	startCheckin: {
		weight: 2,
		run(c) {
			startCheckin(c.doc, checkinId(c), c.me, c.now);
			return true;
		}
	},
	postponeCheckin: {
		weight: 0.5,
		run(c) {
			postponeCheckin(c.doc, checkinId(c), c.me, c.now + c.rng.between(1, 48) * HOUR, c.now);
			return true;
		}
	},
	checkinEvent: {
		weight: 2,
		run(c) {
			const act = c.rng.pick([pauseCheckin, stopCheckin, resumeCheckin, finishCheckin]);
			act(c.doc, checkinId(c), c.me, c.now);
			return true;
		}
	},
	saveDraftAnswers: {
		weight: 4,
		run(c) {
			const id = checkinId(c);
			const result = saveDraftAnswers(c.priv, id, answersWithMarker(c, id), c.now);
			expect(result.ok, `${c.w.at}: draft refused`).toBe(true);
			return true;
		}
	},
	editAnswers: {
		weight: 1.5,
		run(c) {
			const id = checkinId(c);
			const input = answersWithMarker(c, id);
			expect(editAnswers(c.doc, c.priv, id, c.me, PARTNERS, input, c.now).ok, c.w.at).toBe(true);
			return true;
		}
	},
	submitAnswers: {
		weight: 2,
		run(c) {
			const id = checkinId(c);
			const result = submitAnswers(c.doc, c.priv, id, c.me, c.now);
			expect(result.ok, `${c.w.at}: submit`).toBe(draftOf(c.priv, id) !== undefined);
			return true;
		}
	},
	revealIfReady: {
		weight: 3,
		run(c) {
			revealIfReady(c.doc, c.priv, checkinId(c), c.me, PARTNERS, c.now);
			return true;
		}
	},
	addActionItem: {
		weight: 1,
		run(c) {
			const result = addActionItem(
				c.doc,
				{ checkinId: checkinId(c), text: `${filler(c.rng)} ${c.w.marker('n')}`, by: c.me },
				c.now
			);
			if (result.ok) c.w.made.actions.push({ id: result.id, by: c.me });
			return true;
		}
	},
	markActionDone: {
		weight: 1,
		run(c) {
			const item = pickFrom(c, c.w.made.actions, (a) =>
				roots.checkins(c.doc).has(`action:${a.id}`)
			);
			if (!item) return false;
			if (c.rng.chance(0.8)) markActionDone(c.doc, item.id, c.me, c.now);
			else reopenActionItem(c.doc, item.id, c.me, c.now);
			return true;
		}
	},
	addVictory: {
		weight: 1,
		run(c) {
			const text = `${filler(c.rng)} ${c.w.marker('n')}`;
			addVictory(c.doc, { checkinId: checkinId(c), text, by: c.me }, c.now);
			return true;
		}
	},
	setAppreciation: {
		weight: 1,
		run(c) {
			const text = c.rng.chance(0.9) ? `${filler(c.rng)} ${c.w.marker('n')}` : '';
			setAppreciation(c.doc, checkinId(c), c.me, text, c.now);
			return true;
		}
	},
	setCheckinSchedule: {
		weight: 0.3,
		run(c) {
			const input = {
				weekday: c.rng.int(7),
				time: c.rng.pick(['19:00', '20:00', '20:30']),
				minutes: 45
			};
			expect(setCheckinSchedule(c.doc, input, c.me, c.now).ok, c.w.at).toBe(true);
			return true;
		}
	},
	logSetback: {
		weight: 2,
		run(c) {
			const clauses = listClauses(c.doc);
			const clauseIds = clauses.length ? [c.rng.pick(clauses).id] : [];
			const result = logSetback(
				c.doc,
				{
					by: c.me,
					whatHappened: `${filler(c.rng)} ${c.w.marker('n')}`,
					clauseIds,
					trigger: filler(c.rng),
					counterMeasure: filler(c.rng),
					day: toDay(c.now)
				},
				PARTNERS,
				c.now
			);
			expect(result.ok, `${c.w.at}: setback refused`).toBe(true);
			if (result.ok) c.w.made.setbacks.push({ id: result.id, by: c.me });
			return true;
		}
	},
	editSetback: {
		weight: 1,
		run(c) {
			const s = pickFrom(c, c.w.made.setbacks, (s) => s.by === c.me && hasSetback(c)(s));
			if (!s) return false;
			const change = { counterMeasure: `${filler(c.rng)} ${c.w.marker('n')}` };
			editSetback(c.doc, s.id, c.me, change, PARTNERS, c.now);
			return true;
		}
	},
	withdrawSetback: {
		weight: 0.4,
		run(c) {
			const s = pickFrom(c, c.w.made.setbacks, (s) => s.by === c.me && hasSetback(c)(s));
			if (!s) return false;
			withdrawSetback(c.doc, s.id, c.me, c.now);
			return true;
		}
	},
	markTalkedThrough: {
		weight: 0.5,
		run(c) {
			const s = pickFrom(c, c.w.made.setbacks, hasSetback(c));
			if (!s) return false;
			markTalkedThrough(c.doc, s.id, checkinId(c), c.me, c.now);
			return true;
		}
	},
	linkRevision: {
		weight: 0.5,
		run(c) {
			const s = pickFrom(c, c.w.made.setbacks, hasSetback(c));
			const v = pickFrom(c, c.w.made.versions, (id) => roots.revisions(c.doc).has(id));
			if (!s || !v) return false;
			linkRevision(c.doc, s.id, v, c.me, c.now);
			return true;
		}
	}
};
