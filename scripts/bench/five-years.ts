/**
 * A realistic five-year space, written through the app's own domain functions: two partners, a
 * contract of about ten clauses revised a dozen times (proposed by one, signed by both, one
 * proposal superseded before anyone signed, some answering a setback), daily tracker entries
 * with acknowledgements, reactions, hard days and corrections, weekly check-ins with both
 * partners' answers drafted and submitted in their own private documents and revealed, about
 * thirty setbacks, wins on the wall, and each partner's private journal with an insight shared
 * now and then. Reliability grows over the years with plateaus, and dips after setbacks.
 *
 * Deterministic for a seed: ids and Yjs client ids come from the seeded generator, so the same
 * options give the same bytes (the time zone of the machine aside, as for every local day).
 *
 *   node --import tsx scripts/bench/five-years.ts [--seed 1] [--years 5] [--time]
 * prints the encoded sizes, and with --time how long reading the arc takes in Node.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { roots, writeInitialContent, type Day, type PartnerId } from '../../src/lib/schema';
import { activePartners, addPartner } from '../../src/lib/partners/partners';
import {
	addClause,
	archiveClause,
	editClauseText,
	editContractText,
	setClauseFields,
	type NewClause
} from '../../src/lib/contract/contract';
import { proposeVersion, signVersion, type Version } from '../../src/lib/contract/versions';
import {
	addActionItem,
	addVictory,
	checkinIdOf,
	finishCheckin,
	markActionDone,
	pauseCheckin,
	postponeCheckin,
	resumeCheckin,
	revealIfReady,
	saveDraftAnswers,
	setAppreciation,
	setCheckinSchedule,
	startCheckin,
	submitAnswers
} from '../../src/lib/checkins';
import { logSetback, markTalkedThrough } from '../../src/lib/setbacks';
import {
	acknowledge,
	addMoment,
	amendEntry,
	byTimeOf,
	changeEntry,
	commitmentsOn,
	markHardDay,
	markTalk,
	react,
	REACTIONS,
	recordEntry,
	resolveTalk,
	talkItems,
	type AgreedPeriod,
	type Commitment,
	type Outcome
} from '../../src/lib/tracker';
import {
	addDays,
	atTime,
	dayNumber,
	toDay,
	weekday,
	weekStartNumber
} from '../../src/lib/core/calendar';
import { cadenceOf, isOwner, toPlan } from '../../src/lib/tracker/plan';
import { createEntry, editText, setMood, setTags, type Mood } from '../../src/lib/journal/journal';
import { shareFromEntry } from '../../src/lib/journal/insights';

/** Who the two partners are. */
export interface GeneratedPartner {
	id: PartnerId;
	name: string;
}

/** Options for `generateFiveYears`. */
export interface FiveYearsOptions {
	seed?: number;
	/** The last day written (default: this device's today). */
	to?: Day;
	/** How many days (default five years). */
	days?: number;
	/** The partners (default Alex and Sam); ignored for a partner the base space already has. */
	partners?: { a: GeneratedPartner; b: GeneratedPartner };
	/** How many setbacks over five years (default 30; fewer over a shorter span). */
	setbacks?: number;
	/**
	 * A saved shared space to build on (a device's, read in a browser test): its partners are kept
	 * and only what is missing is written, so the result can be added to that device's copy.
	 */
	base?: Uint8Array;
}

/** The generated documents. Encode `shared` relative to `base` to add it to a device's space. */
export interface FiveYears {
	shared: Y.Doc;
	privateA: Y.Doc;
	privateB: Y.Doc;
	partners: { a: GeneratedPartner; b: GeneratedPartner };
	from: Day;
	to: Day;
	counts: { versions: number; setbacks: number; checkins: number; journal: number };
}

/** mulberry32: small, fast, seedable. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Runs `fn` with ids drawn from `rnd` instead of the system's randomness, then puts it back. */
function withSeededIds<T>(rnd: () => number, fn: () => T): T {
	const seeded = <A extends ArrayBufferView | null>(array: A): A => {
		if (array) {
			const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
			for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
		}
		return array;
	};
	const c = globalThis.crypto as Crypto & { getRandomValues: typeof seeded };
	c.getRandomValues = seeded;
	try {
		return fn();
	} finally {
		delete (c as Partial<typeof c>).getRandomValues;
	}
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

type Change =
	| { add: string }
	| { archive: string }
	| { edit: string; field: 'commitment' | 'backup' | 'consequence' | 'examples'; text: string }
	| { timeline: string; to: NonNullable<NewClause['timeline']> };

/** The clauses a couple may come to agree, by a short name; `owner` a, b or both. */
const CLAUSES: Record<string, Omit<NewClause, 'by' | 'owner'> & { owner: 'a' | 'b' | 'both' }> = {
	call: {
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Call at 8 pm when away',
		action: 'A phone call, not a text, by 20:00 on nights away from home.',
		backup: 'Two lines by text before 9 pm',
		consequence: 'We talk it through at the next check-in, calmly.',
		timeline: { kind: 'daily', byTime: '20:00' }
	},
	reply: {
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Reply to messages within an hour',
		backup: 'A quick “busy, later” within the hour',
		timeline: { kind: 'daily' }
	},
	calendar: {
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Share next week’s calendar by Sunday',
		backup: 'Share the two busiest days',
		timeline: { kind: 'weekly', weekday: 0 }
	},
	dishes: {
		kind: 'behaviour',
		owner: 'both',
		commitment: 'Do the evening dishes',
		backup: 'Clear the table',
		timeline: { kind: 'timesPerWeek', times: 3 }
	},
	thanks: {
		kind: 'behaviour',
		owner: 'b',
		commitment: 'Say one thing I appreciated today',
		backup: 'A 💛 in the chat',
		timeline: { kind: 'daily' }
	},
	contact: {
		kind: 'boundary',
		owner: 'a',
		commitment: 'No contact with the ex',
		consequence: 'Tell each other the same day, and bring it to the check-in.'
	},
	phone: { kind: 'boundary', owner: 'a', commitment: 'Phone stays open on the table' },
	walk: {
		kind: 'behaviour',
		owner: 'both',
		commitment: 'A 20-minute walk together',
		backup: 'Ten minutes on the balcony',
		timeline: { kind: 'timesPerWeek', times: 2 }
	},
	voices: { kind: 'boundary', owner: 'both', commitment: 'No raised voices: pause and breathe' },
	question: {
		kind: 'behaviour',
		owner: 'b',
		commitment: 'Write one question for the check-in',
		backup: 'Pick one from the list',
		timeline: { kind: 'weekly', weekday: 6 }
	},
	bedtime: {
		kind: 'behaviour',
		owner: 'a',
		commitment: 'Phones away by 11 pm',
		backup: 'Phone on the far side of the room',
		timeline: { kind: 'daily', byTime: '23:00' }
	},
	budget: {
		kind: 'behaviour',
		owner: 'both',
		commitment: 'Look at the shared budget together',
		backup: 'Five minutes on the one big item',
		timeline: { kind: 'weekly', weekday: 5 }
	},
	date: {
		kind: 'behaviour',
		owner: 'both',
		commitment: 'An evening for the two of us, phones away',
		backup: 'Half an hour of tea together',
		timeline: { kind: 'weekly', weekday: 6 }
	}
};

/** The contract's revisions, at fractions of the span; `cites` answers the latest setback. */
const REVISIONS: { at: number; note: string; changes: Change[]; cites?: boolean }[] = [
	{
		at: 0,
		note: 'Our first version',
		changes: ['call', 'reply', 'calendar', 'dishes', 'thanks', 'contact', 'phone'].map((add) => ({
			add
		}))
	},
	{
		at: 0.06,
		note: 'Walks, and a kinder backup for replies',
		changes: [
			{ add: 'walk' },
			{ edit: 'reply', field: 'backup', text: 'A thumbs-up within the hour, a reply later' }
		]
	},
	{
		at: 0.15,
		note: 'After the argument in the car',
		cites: true,
		changes: [
			{ add: 'voices' },
			{ timeline: 'call', to: { kind: 'timesPerWeek', times: 5, byTime: '20:00' } }
		]
	},
	{ at: 0.25, note: 'A question for each check-in', changes: [{ add: 'question' }] },
	{
		at: 0.33,
		note: 'The open phone did its job; bedtimes instead',
		cites: true,
		changes: [{ archive: 'phone' }, { add: 'bedtime' }]
	},
	{
		at: 0.42,
		note: 'Small wording, more dishes',
		changes: [
			{ edit: 'thanks', field: 'commitment', text: 'Say one thing I appreciated about you today' },
			{ timeline: 'dishes', to: { kind: 'timesPerWeek', times: 4 } }
		]
	},
	{ at: 0.52, note: 'Money, together', changes: [{ add: 'budget' }] },
	{
		at: 0.63,
		note: 'Calendar by Sunday evening',
		cites: true,
		changes: [{ timeline: 'calendar', to: { kind: 'weekly', weekday: 0, byTime: '18:00' } }]
	},
	{
		at: 0.72,
		note: 'Calls are simply what we do now',
		changes: [{ archive: 'call' }, { add: 'date' }]
	},
	{
		at: 0.82,
		note: 'Clearer examples',
		changes: [
			{
				edit: 'voices',
				field: 'examples',
				text: 'Saying “I need a pause” and stepping out for ten minutes counts.'
			}
		]
	},
	{
		at: 0.92,
		note: 'What happens after a lapse, said more gently',
		cites: true,
		changes: [
			{
				edit: 'contact',
				field: 'consequence',
				text: 'Tell each other the same day; we decide together what would help.'
			}
		]
	}
];

const WENT_WELL = [
	'The evening calls, even on the long days.',
	'We walked twice and talked properly.',
	'Replies came quickly; I noticed.',
	'The dishes without a word said.',
	'Sunday felt calm.'
];
const DIDNT = [
	'Wednesday was tense and we both went quiet.',
	'I forgot the calendar again.',
	'Work swallowed the week.',
	'Not much, honestly.',
	'The late message on Friday stung a little.'
];
const SECURE = [
	'Hearing from you before I had to ask.',
	'The open plans for the weekend.',
	'That you told me about the message yourself.',
	'Our walk on Saturday.'
];
const EASIER = [
	'Telling each other earlier when plans change.',
	'One evening without screens.',
	'A check-in on time.',
	'Keep doing what we did this week.'
];
const HAPPENED = [
	'A message from the ex was answered before we had talked about it.',
	'Voices were raised in the car on the way home.',
	'A call was skipped without a word on a night away.',
	'Plans changed and nobody said so until late.',
	'The phone was taken to the other room during a tense evening.'
];
const TRIGGERS = ['Tired after a long week', 'A stressful day at work', 'Old worries came back'];
const COUNTER = [
	'Say “I need a pause” and come back within an hour.',
	'Text before plans change, not after.',
	'Bring it to the check-in the same week.'
];
const JOURNAL = [
	'Today I noticed how much calmer the evenings have become.',
	'I felt the old knot in my stomach when the phone buzzed late.',
	'We laughed on the walk. I had forgotten how that feels.',
	'Hard day. I used the backup and it was enough.',
	'I am learning to say what I need before it becomes a fight.'
];
const WINS = [
	'You called right on time, even on a long day.',
	'We walked after dinner and talked about the weekend.',
	'A whole week of calls kept.',
	'Thank you for telling me straight away.'
];

function clauseInput(name: string, a: PartnerId, b: PartnerId): NewClause {
	const { owner, ...rest } = CLAUSES[name];
	return { ...rest, by: a, owner: owner === 'a' ? a : owner === 'b' ? b : 'both' };
}

/** Generates the space. Takes a few seconds for five years. */
export function generateFiveYears(options: FiveYearsOptions = {}): FiveYears {
	const seed = options.seed ?? 1;
	const rnd = random(seed);
	const idRnd = random(seed ^ 0x5eed);
	return withSeededIds(idRnd, () => build(options, rnd, idRnd));
}

function build(options: FiveYearsOptions, rnd: () => number, idRnd: () => number): FiveYears {
	const days = options.days ?? 5 * 365 + 1;
	const to = options.to ?? toDay(Date.now());
	const from = addDays(to, -(days - 1));
	const clientId = () => 1 + Math.floor(idRnd() * 0x7ffffffe);
	const shared = new Y.Doc();
	shared.clientID = clientId();
	const privateA = new Y.Doc();
	privateA.clientID = clientId();
	const privateB = new Y.Doc();
	privateB.clientID = clientId();
	if (options.base) Y.applyUpdate(shared, options.base);

	// The partners: those the base space has, then the ones asked for.
	const known = activePartners(shared);
	const want = options.partners ?? {
		a: { id: 'generated-alex', name: 'Alex' },
		b: { id: 'generated-sam', name: 'Sam' }
	};
	const start = atTime(from, '09:00');
	const a: GeneratedPartner = known[0] ?? want.a;
	const b: GeneratedPartner =
		known.find((p) => p.id !== a.id) ?? (want.b.id !== a.id ? want.b : want.a);
	if (!known.length) writeInitialContent(shared, a, start);
	if (!known.some((p) => p.id === b.id)) addPartner(shared, b.id, b.name, start + 60_000);
	const partners = [a.id, b.id];
	editContractText(shared, 'title', 'Our contract');
	editContractText(shared, 'why', 'Small, visible steps, kept where both of us can see them.');
	setCheckinSchedule(shared, { weekday: 0, time: '19:00', minutes: 45 }, a.id, start + 120_000);

	const ids = new Map<string, string>();
	const periods: AgreedPeriod[] = [];
	let plan = toPlan(periods, partners);
	const revisionDays = REVISIONS.map((r) => addDays(from, Math.floor(r.at * days)));
	let nextRevision = 0;
	const setbacks: { id: string; day: Day; talked: boolean; cited: boolean }[] = [];
	let versions = 0;
	let checkins = 0;
	let journal = 0;
	let lastDip = -Infinity;
	// About thirty setbacks, more of them early on: days drawn with density (1 − t)² + ¼.
	const setbackDays = new Set<number>();
	while (setbackDays.size < Math.round((options.setbacks ?? 30) * Math.min(1, days / 1826))) {
		const u = rnd();
		if (rnd() * 1.25 < (1 - u) ** 2 + 0.25) setbackDays.add(Math.floor(u * days));
	}
	const done = new Map<string, number>();
	const openActions: { id: string; by: PartnerId }[] = [];

	/** Agrees a revision: proposed in the evening, signed by both over the next days. */
	const revise = (r: (typeof REVISIONS)[number], day: Day, i: number) => {
		const at = atTime(day, '20:00');
		const by = i % 2 ? b.id : a.id;
		for (const change of r.changes) {
			if ('add' in change)
				ids.set(change.add, addClause(shared, clauseInput(change.add, a.id, b.id), at));
			else if ('archive' in change) archiveClause(shared, ids.get(change.archive)!, at);
			else if ('edit' in change)
				editClauseText(shared, ids.get(change.edit)!, change.field, change.text, at);
			else setClauseFields(shared, ids.get(change.timeline)!, { timeline: change.to }, at);
		}
		const cite = r.cites ? setbacks.filter((s) => !s.cited).at(-1) : undefined;
		if (cite) cite.cited = true;
		let version: Version = proposeVersion(
			shared,
			{ by, note: r.note, ...(cite ? { cites: { setbackId: cite.id } } : {}) },
			at
		);
		versions++;
		if (i === 5) {
			// Proposed twice: the second proposal, a day later, supersedes the first unsigned one.
			editClauseText(
				shared,
				ids.get('dishes')!,
				'backup',
				'Clear the table and wipe it',
				at + 86_400_000
			);
			version = proposeVersion(
				shared,
				{ by: b.id, note: `${r.note} (with the backup reworded)` },
				at + 86_400_000
			);
			versions++;
		}
		const signedAt = version.proposedAt + (1 + Math.floor(rnd() * 2)) * 86_400_000;
		for (const [k, p] of [a.id, b.id].entries())
			signVersion(
				shared,
				{ versionId: version.id, by: p, hash: version.hash },
				signedAt + k * 3_600_000
			);
		const agreedOn = toDay(signedAt + 3_600_000);
		const previous = periods.at(-1)?.from;
		periods.push({
			from: previous && previous > agreedOn ? previous : agreedOn,
			commitments: version.content.clauses
		});
		plan = toPlan(periods, partners);
	};

	for (let i = 0; i < days; i++) {
		const day = addDays(from, i);
		const t = i / days;
		shared.transact(() => {
			while (nextRevision < REVISIONS.length && revisionDays[nextRevision] === day) {
				revise(REVISIONS[nextRevision], day, nextRevision);
				nextRevision++;
			}
			// Reliability grows fast, then settles on a plateau; a setback costs a few weeks.
			const dip = i - lastDip < 21 ? 0.12 : 0;
			const pKept = 0.6 + 0.32 * (1 - Math.exp(-4 * t)) + 0.03 * Math.sin(i / 40) - dip;
			const hard = new Set<PartnerId>();
			for (const p of partners)
				if (rnd() < 0.035) {
					hard.add(p);
					markHardDay(shared, p, day, atTime(day, '13:00'));
				}
			for (const c of commitmentsOn(plan, day))
				for (const p of partners) track(c, p, day, pKept, hard);

			if (setbackDays.has(i)) setback(day, t);
			if (rnd() < 0.3) {
				const by = rnd() < 0.5 ? a.id : b.id;
				const kind = rnd() < 0.4 ? 'win' : rnd() < 0.5 ? 'noticed' : 'appreciation';
				addMoment(
					shared,
					{
						kind,
						by,
						about: kind === 'win' ? undefined : by === a.id ? b.id : a.id,
						text: pick(rnd, WINS),
						day
					},
					atTime(day, '22:00')
				);
			}
			if (weekday(day) === 0) checkin(day, t);
		});
		for (const [p, priv] of [
			[a.id, privateA],
			[b.id, privateB]
		] as const)
			if (rnd() < 0.3) write(priv, p, day);
	}

	/** One partner's part of one commitment on a day, as generateYear writes it. */
	function track(c: Commitment, p: PartnerId, day: Day, pKept: number, hard: Set<PartnerId>) {
		if (!isOwner(plan, c, p) || c.kind === 'boundary') return;
		const { quota } = cadenceOf(c);
		const weekKey = `${c.id}:${p}:${weekStartNumber(dayNumber(day))}`;
		if (quota > 0) {
			const sofar = done.get(weekKey) ?? 0;
			const daysLeft = 7 - ((weekday(day) + 6) % 7);
			const tl = c.timeline;
			const onDay =
				tl?.kind === 'weekly'
					? weekday(day) === tl.weekday
					: rnd() < (quota - sofar) / daysLeft + 0.05;
			if (sofar >= quota || !onDay) return;
		}
		if (rnd() < 0.04) return; // forgot to record
		const r = rnd();
		const isHard = hard.has(p);
		const pBackup = isHard ? 0.5 : 0.08;
		const outcome: Outcome =
			r < pKept * (isHard ? 0.5 : 1)
				? 'kept'
				: r < pKept + pBackup
					? 'backup'
					: r < pKept + pBackup + 0.03
						? 'excused'
						: 'notToday';
		const at = atTime(day, byTimeOf(c) ?? '21:00');
		const res = recordEntry(
			shared,
			{
				clauseId: c.id,
				day,
				partnerId: p,
				outcome,
				reason: outcome === 'excused' ? 'Travelling for work' : undefined,
				note: rnd() < 0.08 ? 'Went fine.' : undefined
			},
			at
		);
		if (!res.ok) return;
		if (outcome !== 'notToday') done.set(weekKey, (done.get(weekKey) ?? 0) + 1);
		const other = p === a.id ? b.id : a.id;
		if (rnd() < 0.5) acknowledge(shared, res.id, other, at + 3_600_000);
		if (rnd() < 0.06) react(shared, res.id, other, pick(rnd, REACTIONS), at + 3_700_000);
		if (outcome === 'notToday' && rnd() < 0.1)
			markTalk(shared, res.id, other, 'How did that evening feel?', at + 4_000_000);
		if (rnd() < 0.02)
			changeEntry(shared, res.id, { note: 'Added later: it went well.' }, p, at + 7_200_000);
		if (rnd() < 0.004)
			amendEntry(
				shared,
				res.id,
				{ by: p, text: 'Correction: it was the backup version.', outcome: 'backup' },
				at + 9 * 86_400_000
			);
	}

	function setback(day: Day, t: number) {
		const boundaries = commitmentsOn(plan, day).filter((c) => c.kind === 'boundary');
		const clause = boundaries.length && rnd() < 0.7 ? pick(rnd, boundaries) : undefined;
		const partnerId = clause && clause.owner !== 'both' ? clause.owner : undefined;
		const by = rnd() < 0.5 ? a.id : b.id;
		const res = logSetback(
			shared,
			{
				by,
				whatHappened: pick(rnd, HAPPENED),
				clauseIds: clause ? [clause.id] : [],
				trigger: pick(rnd, TRIGGERS),
				feelings: rnd() < 0.5 ? 'Hurt, then tired.' : undefined,
				counterMeasure: pick(rnd, COUNTER),
				day,
				partnerId
			},
			partners,
			atTime(day, '22:30')
		);
		if (res.ok) {
			setbacks.push({ id: res.id, day, talked: false, cited: false });
			lastDip = Math.round(t * days);
		}
	}

	function checkin(sunday: Day, t: number) {
		const id = checkinIdOf(sunday);
		const planned = atTime(sunday, '19:00');
		const r = rnd();
		if (r < 0.03) return; // not held this week
		let startAt = planned + Math.round((rnd() * 30 * (1 - t) - 3) * 60_000);
		if (r < 0.07) {
			// Moved in good time, to Monday evening.
			postponeCheckin(shared, id, b.id, planned + 86_400_000, planned - 5 * 3_600_000);
			startAt = planned + 86_400_000 + Math.round(rnd() * 8 * 60_000);
		}
		startCheckin(shared, id, a.id, startAt);
		startCheckin(shared, id, b.id, startAt + 60_000);
		checkins++;
		if (rnd() < 0.05) {
			pauseCheckin(shared, id, b.id, startAt + 15 * 60_000);
			resumeCheckin(shared, id, b.id, startAt + 22 * 60_000);
		}
		const dip = setbacks.some((s) => dayNumber(sunday) - dayNumber(s.day) < 14) ? 2 : 0;
		const safety = (base: number, span: number) =>
			rnd() < 0.05
				? null
				: Math.max(
						0,
						Math.min(10, Math.round(base + span * (1 - Math.exp(-3 * t)) + (rnd() * 2 - 1) - dip))
					);
		for (const [p, priv, value] of [
			[a.id, privateA, safety(4, 4)],
			[b.id, privateB, safety(3, 4.5)]
		] as const) {
			saveDraftAnswers(
				priv,
				id,
				{
					wentWell: pick(rnd, WENT_WELL),
					didntGoWell: pick(rnd, DIDNT),
					feltSecure: pick(rnd, SECURE),
					trustEasier: pick(rnd, EASIER),
					feltSafety: value
				},
				startAt + 10 * 60_000
			);
			submitAnswers(shared, priv, id, p, startAt + 12 * 60_000);
		}
		revealIfReady(shared, privateA, id, a.id, partners, startAt + 13 * 60_000);
		revealIfReady(shared, privateB, id, b.id, partners, startAt + 13 * 60_000);
		for (const s of setbacks)
			if (!s.talked && s.day <= sunday) {
				markTalkedThrough(shared, s.id, id, a.id, startAt + 20 * 60_000);
				s.talked = true;
			}
		for (const { talk } of talkItems(shared))
			resolveTalk(shared, talk.id, id, startAt + 25 * 60_000);
		for (const item of openActions.splice(0))
			if (rnd() < 0.85) markActionDone(shared, item.id, item.by, startAt - 86_400_000);
		if (rnd() < 0.6)
			addVictory(
				shared,
				{ checkinId: id, text: pick(rnd, WINS), by: pick(rnd, partners) },
				startAt + 28 * 60_000
			);
		if (rnd() < 0.5) {
			const by = pick(rnd, partners);
			const item = addActionItem(
				shared,
				{ checkinId: id, text: pick(rnd, EASIER), by },
				startAt + 32 * 60_000
			);
			if (item.ok) openActions.push({ id: item.id, by });
		}
		for (const p of partners)
			if (rnd() < 0.6)
				setAppreciation(
					shared,
					id,
					p,
					'Thank you for sitting down with me.',
					startAt + 38 * 60_000
				);
		finishCheckin(shared, id, a.id, startAt + 42 * 60_000);
	}

	function write(priv: Y.Doc, by: PartnerId, day: Day) {
		const at = atTime(day, '23:00');
		const id = createEntry(priv, at);
		const words = pick(rnd, JOURNAL);
		editText(priv, id, 'text', words, at + 60_000);
		if (rnd() < 0.5) editText(priv, id, 'learned', pick(rnd, SECURE), at + 120_000);
		if (rnd() < 0.7) setMood(priv, id, (1 + Math.floor(rnd() * 5)) as Mood, at + 130_000);
		if (rnd() < 0.3)
			setTags(priv, id, [pick(rnd, ['calls', 'walks', 'work', 'family'])], at + 140_000);
		if (rnd() < 0.04) shareFromEntry(shared, priv, { by, entryId: id, words, now: at + 200_000 });
		journal++;
	}

	return {
		shared,
		privateA,
		privateB,
		partners: { a, b },
		from,
		to,
		counts: { versions, setbacks: setbacks.length, checkins, journal }
	};
}

/** The tiny CLI: sizes of the generated documents (and, with --time, reading the arc). */
async function main(argv: string[]): Promise<void> {
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const years = Number(arg('years') ?? 5);
	const started = performance.now();
	const space = generateFiveYears({
		seed: Number(arg('seed') ?? 1),
		days: Math.round(years * 365) + 1
	});
	const ms = performance.now() - started;
	const kib = (doc: Y.Doc) => `${(Y.encodeStateAsUpdate(doc).length / 1024).toFixed(0)} KiB`;
	console.log(`Generated ${space.from} … ${space.to} in ${Math.round(ms)} ms`);
	console.log(
		`  shared space      ${kib(space.shared)}  (log ${roots.log(space.shared).size} records)`
	);
	console.log(`  Alex’s private    ${kib(space.privateA)}`);
	console.log(`  Sam’s private     ${kib(space.privateB)}`);
	console.log(`  ${JSON.stringify(space.counts)}`);
	if (argv.includes('--time')) {
		const { readArc, fold } = await import('../../src/lib/arc');
		const samples: number[] = [];
		for (let i = 0; i < 7; i++) {
			const t0 = performance.now();
			const arc = readArc(space.shared);
			fold(arc.rows, 'months');
			samples.push(performance.now() - t0);
		}
		samples.sort((x, y) => x - y);
		console.log(`  reading the arc (Node): median ${samples[3].toFixed(0)} ms of 7`);
	}
}

if (process.argv[1]?.endsWith('five-years.ts'))
	main(process.argv.slice(2)).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
