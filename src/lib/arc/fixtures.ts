/** Test-only builders for the arc's specs: never imported by app code. */
import * as Y from 'yjs';
import type { Day, PartnerId } from '../schema';
import { addClause } from '../contract/contract';
import { proposeVersion, signVersion } from '../contract/versions';
import { ANA, BEN, at, space } from '../checkins/fixtures';
import {
	finishCheckin,
	revealIfReady,
	saveDraftAnswers,
	startCheckin,
	submitAnswers
} from '../checkins';
import { exchange } from '../test/peers';
import { recordEntry, type Outcome } from '../tracker';
import type { Measure, WeekRow } from './series';

export { ANA, BEN, at };

/**
 * A paired space (Sunday 20:00 check-ins since Monday 2 March 2026) whose version 1, signed by
 * both that Monday, holds one daily behaviour of Ana's. Returns both devices and Ana's and Ben's
 * private documents.
 */
export function agreedSpace() {
	const { a, b } = space(at('2026-03-02', '08:00'));
	const clauseId = addClause(
		a,
		{
			by: ANA,
			owner: ANA,
			commitment: 'Call at 8 pm when away',
			timeline: { kind: 'daily' }
		},
		at('2026-03-02', '08:30')
	);
	const v1 = proposeVersion(a, { by: ANA, note: 'First' }, at('2026-03-02', '08:40'));
	exchange(a, b);
	signVersion(a, { versionId: v1.id, by: ANA, hash: v1.hash }, at('2026-03-02', '09:00'));
	signVersion(b, { versionId: v1.id, by: BEN, hash: v1.hash }, at('2026-03-02', '09:00'));
	exchange(a, b);
	return { a, b, privA: new Y.Doc(), privB: new Y.Doc(), clauseId, version: v1 };
}

/** Records Ana's outcomes from `from`, one a day. */
export function record(doc: Y.Doc, clauseId: string, from: Day, outcomes: (Outcome | null)[]) {
	outcomes.forEach((outcome, i) => {
		if (!outcome) return;
		const [y, m, d] = from.split('-').map(Number);
		const day = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
		const res = recordEntry(
			doc,
			{
				clauseId,
				day,
				partnerId: ANA,
				outcome,
				reason: outcome === 'excused' ? 'Away' : undefined
			},
			at(day, '21:00')
		);
		if (!res.ok) throw new Error(res.reason);
	});
}

/**
 * Holds the check-in of the week starting `monday` on its Sunday, started at `time`, with each
 * partner's felt safety (null: they chose not to say), revealed on both devices.
 */
export function holdCheckin(
	s: ReturnType<typeof agreedSpace>,
	monday: Day,
	time: string,
	safety: { ana: number | null; ben: number | null }
) {
	const [y, m, d] = monday.split('-').map(Number);
	const sunday = new Date(Date.UTC(y, m - 1, d + 6)).toISOString().slice(0, 10);
	const id = `checkin:${monday}`;
	const t = at(sunday, time);
	startCheckin(s.a, id, ANA, t);
	exchange(s.a, s.b);
	startCheckin(s.b, id, BEN, t + 60_000);
	saveDraftAnswers(s.privA, id, { wentWell: 'Calls', feltSafety: safety.ana }, t + 600_000);
	saveDraftAnswers(s.privB, id, { wentWell: 'Walks', feltSafety: safety.ben }, t + 600_000);
	submitAnswers(s.a, s.privA, id, ANA, t + 700_000);
	submitAnswers(s.b, s.privB, id, BEN, t + 700_000);
	exchange(s.a, s.b);
	revealIfReady(s.a, s.privA, id, ANA, [ANA, BEN], t + 800_000);
	revealIfReady(s.b, s.privB, id, BEN, [ANA, BEN], t + 800_000);
	finishCheckin(s.a, id, ANA, t + 2_400_000);
	exchange(s.a, s.b);
	return id;
}

/** A week row made by hand, for the folds and comparisons. */
export function row(
	week: Day,
	m: Partial<Measure> & { expected: number; credit: number },
	more: {
		score?: number | null;
		safety?: Record<PartnerId, number[]>;
		checkins?: { considered: number; held: number; onTime: number };
		setbacks?: number;
	} = {}
): WeekRow {
	return {
		week,
		score: more.score ?? null,
		trackScores: new Map(),
		followThrough: { kept: m.credit, backup: 0, ...m },
		byClause: new Map(),
		feltSafety: new Map(Object.entries(more.safety ?? {})),
		checkins: more.checkins ?? { considered: 0, held: 0, onTime: 0 },
		setbacks: more.setbacks ?? 0
	};
}
