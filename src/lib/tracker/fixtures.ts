/** Test-only builders shared by this folder's specs: never imported by app code. */
import type * as Y from 'yjs';
import type { Day, PartnerId } from '../schema';
import { addDays, atTime } from '../core/calendar';
import type { Agreement } from './ledger';
import type { Commitment, Outcome, Timeline } from './model';
import { recordEntry } from './tracker';

/** The two partners of every spec. */
export const A: PartnerId = 'alex';
export const B: PartnerId = 'sam';

/** A Monday, so week arithmetic in specs reads plainly. */
export const MONDAY: Day = '2026-03-02';

/** A behaviour with a timeline (daily unless given). */
export function behaviour(
	id: string,
	timeline: Timeline = { kind: 'daily' },
	owner: PartnerId | 'both' = A
): Commitment {
	return {
		id,
		kind: 'behaviour',
		owner,
		commitment: `Do ${id}`,
		backup: `A little ${id}`,
		timeline
	};
}

/** A boundary. */
export function boundary(id: string, owner: PartnerId | 'both' = A): Commitment {
	return {
		id,
		kind: 'boundary',
		owner,
		commitment: `Keep ${id}`,
		backup: '',
		timeline: { kind: 'always' }
	};
}

/** One agreed version in force from `from`. */
export function agreed(
	from: Day,
	commitments: Commitment[],
	lapses: Agreement['lapses'] = []
): Agreement {
	return { periods: [{ from, commitments }], partners: [A, B], lapses };
}

/** Records an outcome the evening of its day, as the one who did it. */
export function record(
	doc: Y.Doc,
	clauseId: string,
	day: Day,
	outcome: Outcome,
	partnerId: PartnerId = A
): string {
	const res = recordEntry(
		doc,
		{
			clauseId,
			day,
			partnerId,
			outcome,
			reason: outcome === 'excused' ? 'Agreed skip' : undefined
		},
		atTime(day, '21:00')
	);
	if (!res.ok) throw new Error(`record refused: ${res.reason}`);
	return res.id;
}

/** Records `n` days from `from`, the outcome chosen per day index. */
export function run(
	doc: Y.Doc,
	clauseId: string,
	from: Day,
	n: number,
	outcome: Outcome | ((i: number) => Outcome | undefined) = 'kept',
	partnerId: PartnerId = A
): void {
	for (let i = 0; i < n; i++) {
		const o = typeof outcome === 'function' ? outcome(i) : outcome;
		if (o) record(doc, clauseId, addDays(from, i), o, partnerId);
	}
}
