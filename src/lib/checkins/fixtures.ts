/** Test-only builders shared by the check-in and setback specs: never imported by app code. */
import type * as Y from 'yjs';
import { writeInitialContent, roots, type Instant } from '../schema';
import { atTime } from '../core/calendar';
import { exchange, peers } from '../test/peers';
import { setCheckinSchedule } from './schedule';

/** The two partners of every spec. */
export const ANA = 'ana';
export const BEN = 'ben';
export const PARTNERS = [ANA, BEN];

/** A Monday: week arithmetic in specs reads plainly. Check-ins are on Sundays at 20:00. */
export const MONDAY = '2026-03-02';
/** The Sunday of the week of MONDAY. */
export const SUNDAY = '2026-03-08';

/** A local instant. */
export const at = (day: string, time: string): Instant => atTime(day, time);

/** Two synced devices of a paired space with a Sunday 20:00 check-in, set the Monday before. */
export function space(since: Instant = at(MONDAY, '09:00')): { a: Y.Doc; b: Y.Doc } {
	const [a, b] = peers();
	writeInitialContent(a, { id: ANA, name: 'Ana' }, since);
	roots.partners(a).set(BEN, { id: BEN, name: 'Ben', joinedAt: since + 1, updatedAt: since + 1 });
	setCheckinSchedule(a, { weekday: 0, time: '20:00', minutes: 45 }, ANA, since);
	exchange(a, b);
	return { a, b };
}
