/**
 * A realistic year (or any span) of a couple's tracker, written through the domain functions
 * themselves, for benchmarks and demos. Deterministic for a seed (ids aside).
 */
import type * as Y from 'yjs';
import { LOCAL, type Day, type PartnerId } from '../schema';
import { acknowledge, markTalk, resolveTalk, talkItems } from './acks';
import { addDays, atTime, dayNumber, weekday, weekStartNumber } from '../core/calendar';
import { markHardDay } from './hard-days';
import type { AgreedPeriod, CheckinTime, Commitment, Lapse } from './model';
import { addMoment } from './moments';
import { byTimeOf, cadenceOf, commitmentsOn, isOwner, toPlan } from './plan';
import { react, REACTIONS } from './reactions';
import { amendEntry, changeEntry, recordEntry } from './tracker';

/** Options for the generator. */
export interface GenerateOptions {
	partners?: [PartnerId, PartnerId];
	/** The last day generated (today, for a benchmark). */
	to?: Day;
	days?: number;
	seed?: number;
}

/** What the generated log needs beside itself: the agreement and the check-ins. */
export interface Generated {
	from: Day;
	to: Day;
	partners: PartnerId[];
	periods: AgreedPeriod[];
	lapses: Lapse[];
	checkins: CheckinTime[];
}

/** A small, fast, seedable PRNG (mulberry32). */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function contract(a: PartnerId, b: PartnerId): Commitment[] {
	const c = (
		id: string,
		owner: PartnerId | 'both',
		kind: Commitment['kind'],
		timeline: Commitment['timeline'],
		commitment: string,
		backup = ''
	): Commitment => ({ id, owner, kind, timeline, commitment, backup });
	return [
		c(
			'call',
			a,
			'behaviour',
			{ kind: 'daily', byTime: '20:00' },
			'Call at 8 pm when away',
			'Two lines by text before 9 pm'
		),
		c(
			'reply',
			a,
			'behaviour',
			{ kind: 'daily' },
			'Reply to messages within an hour',
			'A quick "busy, later" within the hour'
		),
		c(
			'calendar',
			a,
			'behaviour',
			{ kind: 'weekly', weekday: 0 },
			"Share next week's calendar by Sunday",
			'Share the two busiest days'
		),
		c(
			'dishes',
			'both',
			'behaviour',
			{ kind: 'timesPerWeek', times: 3 },
			'Do the evening dishes',
			'Clear the table'
		),
		c(
			'walk',
			'both',
			'behaviour',
			{ kind: 'timesPerWeek', times: 2 },
			'A 20-minute walk together',
			'Ten minutes on the balcony'
		),
		c(
			'thanks',
			b,
			'behaviour',
			{ kind: 'daily' },
			'Say one thing I appreciated today',
			'A 💛 in the chat'
		),
		c(
			'question',
			b,
			'behaviour',
			{ kind: 'weekly', weekday: 6 },
			'Write one question for the check-in',
			'Pick one from the list'
		),
		c('contact', a, 'boundary', { kind: 'always' }, 'No contact with the ex'),
		c('phone', a, 'boundary', { kind: 'always' }, 'Phone stays open on the table'),
		c('voices', 'both', 'boundary', { kind: 'always' }, 'No raised voices: pause and breathe')
	];
}

/** Writes `days` days (default a year) of entries, hard days, acknowledgements and moments. */
export function generateYear(doc: Y.Doc, options: GenerateOptions = {}): Generated {
	const [a, b] = options.partners ?? ['partner-a', 'partner-b'];
	const days = options.days ?? 365;
	const to = options.to ?? '2026-12-31';
	const from = addDays(to, -(days - 1));
	const rnd = random(options.seed ?? 1);
	const v1 = contract(a, b);
	// Mid-year the call becomes five times a week; later the phone boundary is retired for a new one.
	const v2 = v1.map((c) =>
		c.id === 'call'
			? { ...c, timeline: { kind: 'timesPerWeek' as const, times: 5, byTime: '20:00' } }
			: c
	);
	const v3: Commitment[] = [
		...v2.filter((c) => c.id !== 'phone'),
		{
			id: 'bedtime',
			owner: a,
			kind: 'behaviour',
			timeline: { kind: 'daily', byTime: '23:00' },
			commitment: 'Phones away by 11 pm',
			backup: 'Phone on the far side of the room'
		}
	];
	const periods: AgreedPeriod[] = [
		{ from, commitments: v1 },
		{ from: addDays(from, Math.floor(days * 0.45)), commitments: v2 },
		{ from: addDays(from, Math.floor(days * 0.7)), commitments: v3 }
	];
	const partners = [a, b];
	const plan = toPlan(periods, partners);
	const lapses: Lapse[] = [];
	const checkins: CheckinTime[] = [];
	const done = new Map<string, number>();

	doc.transact(() => {
		for (let i = 0; i < days; i++) {
			const day = addDays(from, i);
			const growth = i / days;
			const pKept = 0.62 + 0.3 * growth;
			const hard = new Set<PartnerId>();
			for (const p of partners)
				if (rnd() < 0.04) {
					hard.add(p);
					markHardDay(doc, p, day, atTime(day, '13:00'));
				}
			for (const c of commitmentsOn(plan, day)) {
				for (const p of partners) {
					if (!isOwner(plan, c, p)) continue;
					if (c.kind === 'boundary') {
						if (rnd() < 0.012 * (1 - growth)) lapses.push({ clauseId: c.id, day, partnerId: p });
						continue;
					}
					const { quota } = cadenceOf(c);
					const weekKey = `${c.id}:${p}:${weekStartNumber(dayNumber(day))}`;
					if (quota > 0) {
						const sofar = done.get(weekKey) ?? 0;
						const daysLeft = 7 - ((weekday(day) + 6) % 7);
						const t = c.timeline;
						const onDay =
							t?.kind === 'weekly'
								? weekday(day) === t.weekday
								: rnd() < (quota - sofar) / daysLeft + 0.05;
						if (sofar >= quota || !onDay) continue;
					}
					if (rnd() < 0.04) continue; // forgot to record
					const r = rnd();
					const pBackup = hard.has(p) ? 0.5 : 0.1;
					const outcome =
						r < pKept * (hard.has(p) ? 0.5 : 1)
							? 'kept'
							: r < pKept + pBackup
								? 'backup'
								: r < pKept + pBackup + 0.03
									? 'excused'
									: 'notToday';
					const at = atTime(day, byTimeOf(c) ?? '21:00');
					const res = recordEntry(
						doc,
						{
							clauseId: c.id,
							day,
							partnerId: p,
							outcome,
							reason: outcome === 'excused' ? 'Travelling for work' : undefined,
							note: rnd() < 0.1 ? 'Went fine.' : undefined
						},
						at
					);
					if (!res.ok) continue;
					if (outcome !== 'notToday') done.set(weekKey, (done.get(weekKey) ?? 0) + 1);
					const other = p === a ? b : a;
					if (rnd() < 0.5) acknowledge(doc, res.id, other, at + 3_600_000);
					if (rnd() < 0.08)
						react(
							doc,
							res.id,
							other,
							REACTIONS[Math.floor(rnd() * REACTIONS.length)],
							at + 3_700_000
						);
					if (outcome === 'notToday' && rnd() < 0.1)
						markTalk(doc, res.id, other, 'How did that evening feel?', at + 4_000_000);
					if (rnd() < 0.03)
						changeEntry(doc, res.id, { note: 'Added later: it went well.' }, p, at + 7_200_000);
					if (rnd() < 0.005)
						amendEntry(
							doc,
							res.id,
							{ by: p, text: 'Correction: it was the backup version.', outcome: 'backup' },
							at + 9 * 86_400_000
						);
				}
			}
			if (rnd() < 0.3) {
				const by = rnd() < 0.5 ? a : b;
				const kind = rnd() < 0.5 ? 'noticed' : rnd() < 0.5 ? 'win' : 'appreciation';
				addMoment(
					doc,
					{
						kind,
						by,
						about: kind === 'win' ? undefined : by === a ? b : a,
						text: 'You called right on time, even on a long day.',
						day
					},
					atTime(day, '22:00')
				);
			}
			if (weekday(day) === 0) {
				const plannedAt = atTime(day, '19:00');
				if (rnd() < 0.05) checkins.push({ plannedAt, postponed: { at: plannedAt - 86_400_000 } });
				else {
					const startedAt = plannedAt + Math.round((rnd() * 27 - 2) * 60_000);
					checkins.push({ plannedAt, startedAt });
					// The check-in talks about what was flagged since the last one.
					for (const { talk } of talkItems(doc))
						resolveTalk(doc, talk.id, `checkin-${day}`, startedAt + 1_800_000);
				}
			}
		}
	}, LOCAL);
	return { from, to, partners, periods, lapses, checkins };
}
