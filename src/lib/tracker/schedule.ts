/**
 * What is due on a day, for one partner. Daily commitments every day; weekly ones on their
 * weekday unless already done earlier that week; "n times a week" every day until the week's
 * count is reached; boundaries every day, honoured unless a lapse is logged.
 */
import type { Day, PartnerId } from '../schema';
import { dayNumber, dayOfNumber, minutesOf, weekday, weekStartNumber } from '../core/calendar';
import { isHardDayIn, isLapse, slotOf, type Ledger, type Slot } from './ledger';
import type { Commitment, Outcome } from './model';
import { byTimeOf, cadenceOf, commitmentsOn, isOwner } from './plan';

/** A weekly quota's progress: "2 of 3 this week". */
export interface Progress {
	done: number;
	times: number;
	label: string;
}

/** One line of Today. */
export interface DueItem {
	commitment: Commitment;
	partnerId: PartnerId;
	/** What was recorded for this day, if anything. */
	slot?: Slot;
	/** A hard day and a backup exists: lead with the backup version. */
	useBackup: boolean;
	/** Weekly quotas only. */
	progress?: Progress;
	/** Boundaries only: a lapse is logged for the day. */
	lapsed?: boolean;
}

// Occurrences that count towards a week's quota; an excused one covers an occurrence too.
const COUNTS: readonly (Outcome | undefined)[] = ['kept', 'backup', 'excused'];

/** The partner's commitments due on `day` (behaviours by due time, then boundaries). */
export function dueOn(ledger: Ledger, day: Day, partnerId: PartnerId): DueItem[] {
	const n = dayNumber(day);
	const hard = isHardDayIn(ledger, partnerId, day);
	const items: DueItem[] = [];
	for (const c of commitmentsOn(ledger.plan, day)) {
		if (!isOwner(ledger.plan, c, partnerId)) continue;
		const track = { clauseId: c.id, partnerId };
		const slot = slotOf(ledger, track, day);
		const useBackup = hard && !!c.backup.trim();
		if (c.kind === 'boundary') {
			items.push({
				commitment: c,
				partnerId,
				slot,
				useBackup,
				lapsed: isLapse(ledger, track, day) || slot?.outcome === 'notToday'
			});
			continue;
		}
		const { quota } = cadenceOf(c);
		if (quota === 0) {
			items.push({ commitment: c, partnerId, slot, useBackup });
			continue;
		}
		let before = 0;
		for (let d = weekStartNumber(n); d < n; d++)
			if (COUNTS.includes(slotOf(ledger, track, dayOfNumber(d))?.outcome)) before++;
		const done = before + (COUNTS.includes(slot?.outcome) ? 1 : 0);
		const t = c.timeline;
		const onItsDay = t?.kind !== 'weekly' || t.weekday === weekday(day);
		if (slot || (before < quota && onItsDay))
			items.push({
				commitment: c,
				partnerId,
				slot,
				useBackup,
				// Extra repetitions are kept in `done`; the label stops at the agreed count.
				progress: { done, times: quota, label: `${Math.min(done, quota)} of ${quota} this week` }
			});
	}
	const rank = (i: DueItem) => {
		const t = byTimeOf(i.commitment);
		return i.commitment.kind === 'boundary' ? 3000 : t ? minutesOf(t) : 2000;
	};
	// Stable sort: contract order among equals.
	return items.sort((a, b) => rank(a) - rank(b));
}

/** The partner's items that still wait for a tap on `day` (not recorded, not a boundary). */
export function openOn(ledger: Ledger, day: Day, partnerId: PartnerId): DueItem[] {
	return dueOn(ledger, day, partnerId).filter((i) => !i.slot && i.commitment.kind !== 'boundary');
}
