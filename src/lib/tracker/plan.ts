/**
 * The agreed contract over time: which commitments were in force on each day. A new agreed
 * version can start mid-week; every metric asks the plan day by day, so each day is judged by
 * the version in force on that day.
 */
import type { Day, PartnerId } from '../schema';
import { dayNumber } from '../core/calendar';
import type { AgreedPeriod, Commitment, Track } from './model';

interface Period {
	from: number;
	commitments: readonly Commitment[];
	byId: Map<string, Commitment>;
}

/** The agreed versions, sorted, with their commitments indexed by id. */
export interface Plan {
	periods: Period[];
	partners: readonly PartnerId[];
}

/** Indexes agreed periods once (the latest period wins when two start the same day). */
export function toPlan(periods: readonly AgreedPeriod[], partners: readonly PartnerId[]): Plan {
	const sorted = periods
		.map((p, i) => ({ p, i, from: dayNumber(p.from) }))
		.sort((a, b) => a.from - b.from || a.i - b.i);
	const out: Period[] = [];
	for (const { p, from } of sorted) {
		if (out.length && out[out.length - 1].from === from) out.pop();
		// A behaviour with no timeline yet asks nothing of anyone: it is not tracked.
		const commitments = p.commitments.filter((c) => c.kind === 'boundary' || c.timeline);
		out.push({
			from,
			commitments,
			byId: new Map(commitments.map((c) => [c.id, c]))
		});
	}
	return { periods: out, partners };
}

/** Index of the period in force on day number `n`, or -1 before the first agreement. */
export function periodAt(plan: Plan, n: number): number {
	let lo = 0;
	let hi = plan.periods.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (plan.periods[mid].from <= n) {
			found = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return found;
}

/** The commitments in force on a day, in contract order. */
export function commitmentsOn(plan: Plan, day: Day): readonly Commitment[] {
	const i = periodAt(plan, dayNumber(day));
	return i < 0 ? [] : plan.periods[i].commitments;
}

/** True when `partnerId` keeps this commitment. */
export function isOwner(plan: Plan, c: Commitment, partnerId: PartnerId): boolean {
	return c.owner === partnerId || (c.owner === 'both' && plan.partners.includes(partnerId));
}

/** The owners of a commitment. */
export function ownersOf(plan: Plan, c: Commitment): PartnerId[] {
	return c.owner === 'both' ? [...plan.partners] : [c.owner];
}

/**
 * Walks day numbers from..to, handing each day the commitment of a track (undefined when it
 * was not in force or not theirs). The period pointer only moves forward: O(days + periods).
 */
export function walkTrack(
	plan: Plan,
	track: Track,
	from: number,
	to: number,
	visit: (n: number, c: Commitment | undefined) => void
): void {
	let i = periodAt(plan, from);
	for (let n = from; n <= to; n++) {
		while (i + 1 < plan.periods.length && plan.periods[i + 1].from <= n) i++;
		const c = i < 0 ? undefined : plan.periods[i].byId.get(track.clauseId);
		visit(n, c && isOwner(plan, c, track.partnerId) ? c : undefined);
	}
}

/** Every track the agreements ever held, with the day number it first came into force. */
export function allTracks(plan: Plan): { track: Track; start: number; latest: Commitment }[] {
	const seen = new Map<string, { track: Track; start: number; latest: Commitment }>();
	for (const p of plan.periods) {
		for (const c of p.commitments) {
			for (const partnerId of ownersOf(plan, c)) {
				const key = `${c.id}\u0000${partnerId}`;
				const known = seen.get(key);
				if (known) known.latest = c;
				else seen.set(key, { track: { clauseId: c.id, partnerId }, start: p.from, latest: c });
			}
		}
	}
	return [...seen.values()];
}

/** Cadence of a commitment: weekly quota (0 for every day) and Loop's repetitions per day `f`. */
export function cadenceOf(c: Commitment): { quota: number; f: number } {
	if (c.kind === 'boundary') return { quota: 0, f: 1 };
	const t = c.timeline;
	if (t?.kind === 'timesPerWeek') {
		const times = Math.min(7, Math.max(1, Math.round(t.times)));
		return { quota: times, f: times / 7 };
	}
	if (t?.kind === 'weekly') return { quota: 1, f: 1 / 7 };
	return { quota: 0, f: 1 };
}

/** The time of day a commitment is due by, if any. */
export function byTimeOf(c: Commitment): string | undefined {
	return c.timeline?.byTime ?? c.byTime;
}
