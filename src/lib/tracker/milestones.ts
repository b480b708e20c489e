/**
 * Milestones detected from the data, each with a stable id so a device can remember which
 * celebrations it already showed (per device: nothing about them is stored in the document).
 * They only ever add up; nothing here can be "lost" by a bad day.
 */
import type { Day, PartnerId } from '../schema';
import { dayNumber, dayOfNumber, toDay, weekStartNumber } from '../core/calendar';
import { isBoundary, tracksData } from './analysis';
import { isHardDayIn, type Ledger } from './ledger';
import { followThrough } from './metrics';
import type { CheckinTime } from './model';
import { scoreSeries } from './score';

/** What kind of milestone. */
export type MilestoneKind =
	'firstFullWeek' | 'score80' | 'boundaryDays' | 'checkins' | 'kept' | 'hardDay';

/** A milestone reached on `day`. */
export interface Milestone {
	/** Stable across devices and recomputations, e.g. `score80:clause:partner`. */
	id: string;
	kind: MilestoneKind;
	day: Day;
	text: string;
	clauseId?: string;
	partnerId?: PartnerId;
}

const BOUNDARY_DAYS = [30, 100, 365];
const CHECKINS = [10, 25, 50, 100];
const KEPT = [50, 100, 250, 500, 1000];
const NAMES: Record<number, string> = {
	10: 'Ten',
	25: 'Twenty-five',
	50: 'Fifty',
	100: 'A hundred'
};

/** Every milestone reached up to today, oldest first. */
export function milestones(ledger: Ledger, checkins: readonly CheckinTime[] = []): Milestone[] {
	const out: Milestone[] = [];
	const tracks = tracksData(ledger);

	// The first completed week in which nothing expected was missed (the backup version counts).
	const startN = Math.min(...tracks.map((t) => t.startN));
	for (let w = weekStartNumber(startN); w + 6 < ledger.todayN; w += 7) {
		const { overall } = followThrough(ledger, dayOfNumber(w));
		if (overall.expected > 0 && overall.missed === 0) {
			out.push({
				id: 'firstFullWeek',
				kind: 'firstFullWeek',
				day: dayOfNumber(w + 6),
				text: 'A first week with every commitment kept.'
			});
			break;
		}
	}

	for (const td of tracks) {
		const { clauseId, partnerId } = td.track;
		const words = td.latest.commitment;
		if (!isBoundary(td)) {
			const past = scoreSeries(ledger, td.track).find((p) => p.score >= 0.8);
			if (past)
				out.push({
					id: `score80:${clauseId}:${partnerId}`,
					kind: 'score80',
					day: past.day,
					text: `“${words}” passed 80%.`,
					clauseId,
					partnerId
				});
			continue;
		}
		// Honoured days add up; a lapse never resets them (no streaks).
		let honoured = 0;
		let next = 0;
		for (const m of td.marks) {
			if (next >= BOUNDARY_DAYS.length) break;
			if (m.c.kind !== 'boundary' || !(typeof m.v === 'number' && m.v > 0)) continue;
			if (++honoured === BOUNDARY_DAYS[next]) {
				out.push({
					id: `boundaryDays:${clauseId}:${partnerId}:${honoured}`,
					kind: 'boundaryDays',
					day: m.day,
					text: `${honoured} days of “${words}” honoured.`,
					clauseId,
					partnerId
				});
				next++;
			}
		}
	}

	const held = checkins
		.filter((c) => c.startedAt !== undefined)
		.map((c) => c.startedAt as number)
		.sort((a, b) => a - b);
	for (const n of CHECKINS)
		if (held.length >= n)
			out.push({
				id: `checkins:${n}`,
				kind: 'checkins',
				day: toDay(held[n - 1]),
				text: `${NAMES[n]} check-ins held together.`
			});

	// Kept (or kept in the backup version) across everything, counted in day order.
	const days = [...ledger.slotsByDay.keys()].sort();
	let kept = 0;
	let k = 0;
	for (const day of days) {
		if (dayNumber(day) > ledger.todayN) break;
		const slots = ledger.slotsByDay.get(day) ?? [];
		for (const s of slots) {
			if (s.outcome !== 'kept' && s.outcome !== 'backup') continue;
			if (k < KEPT.length && ++kept === KEPT[k]) {
				out.push({ id: `kept:${kept}`, kind: 'kept', day, text: `${kept} commitments kept.` });
				k++;
			}
		}
		for (const partnerId of new Set(slots.map((s) => s.partnerId))) {
			const first = slots.find(
				(s) => s.partnerId === partnerId && (s.outcome === 'kept' || s.outcome === 'backup')
			);
			if (first && isHardDayIn(ledger, partnerId, day))
				out.push({
					id: `hardDay:${partnerId}:${day}`,
					kind: 'hardDay',
					day,
					text: 'A commitment kept on a hard day.',
					partnerId
				});
		}
	}
	return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : 1));
}
