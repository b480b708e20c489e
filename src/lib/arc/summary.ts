/**
 * A summary to take to a counsellor, produced only after both partners approved its contents,
 * each on their own device.
 *
 * "Prepare summary" writes a request: the chosen period and sections, and the SHA-256 of the
 * content they produce. Each partner reviews the content on their own device and approves that
 * hash. The printable view opens only when both approvals name the request's current revision
 * and hash, and this device's own copy of the content still hashes the same: what prints is
 * exactly what both approved. Changing the selection writes a new revision, which resets every
 * approval (they name the old one).
 *
 * Keys in `roots.reflections` (each written by one partner, or once, so no write replaces
 * another person's):
 *   summary:<id>                     the request as first prepared (never edited)
 *   summaryEdit:<id>:<partner>       that partner's latest change of the selection
 *   summaryApproval:<id>:<partner>   that partner's approval: the revision and hash approved
 *   summaryWithdrawn:<id>            set aside by either partner
 * The request's current revision is the latest of the request and the edits by `at` (ties by
 * partner id), decided the same way on every device whatever order the updates arrived in.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Day, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { isNum, isRecord, type Refusal as BaseRefusal } from '../checkins/model';
import { addDays, dayNumber, isDay, weekStart } from '../core/calendar';
import { refuse } from '../core/records';

/** The parts a summary can hold. */
export const SECTIONS = ['contract', 'scores', 'feltSafety', 'checkins'] as const;
/** One part of a summary. */
export type SectionId = (typeof SECTIONS)[number];

/** What a summary covers: whole weeks (Monday to Sunday) and the chosen sections. */
export interface Selection {
	from: Day;
	to: Day;
	sections: SectionId[];
}

/** Why a write was refused: the check-ins' reasons, and 'changed' (not what was reviewed). */
export type Refusal = BaseRefusal | 'changed';
/** The result of a write. */
export type Result = { ok: true; id: string } | { ok: false; reason: Refusal };

/** The longest period a summary covers. */
export const MAX_WEEKS = 53;

/**
 * A selection as kept: known sections in their fixed order, at least one, and a period of whole
 * weeks; null when it cannot be one.
 */
export function toSelection(input: {
	from: Day;
	to: Day;
	sections: readonly string[];
}): Selection | null {
	const sections = SECTIONS.filter((s) => input.sections.includes(s));
	if (!sections.length || !isDay(input.from) || !isDay(input.to)) return null;
	const from = weekStart(input.from);
	const to = addDays(weekStart(input.to), 6);
	const weeks = (dayNumber(to) - dayNumber(from) + 1) / 7;
	return weeks >= 1 && weeks <= MAX_WEEKS ? { from, to, sections } : null;
}

/** The last `weeks` complete weeks before today's week (default three months). */
export function defaultSelection(
	today: Day,
	weeks = 13,
	sections: readonly SectionId[] = SECTIONS
): Selection {
	const to = addDays(weekStart(today), -1);
	return { from: addDays(to, -7 * weeks + 1), to, sections: [...sections] };
}

/** A request (key `summary:<id>`). */
interface RequestRecord {
	type: 'summaryRequest';
	id: string;
	by: PartnerId;
	at: Instant;
	selection: Selection;
	hash: string;
}

/** A change of the selection (key `summaryEdit:<id>:<partner>`). */
interface EditRecord {
	type: 'summaryEdit';
	requestId: string;
	by: PartnerId;
	at: Instant;
	selection: Selection;
	hash: string;
}

/** An approval (key `summaryApproval:<id>:<partner>`). */
export interface Approval {
	type: 'summaryApproval';
	requestId: string;
	by: PartnerId;
	at: Instant;
	/** The revision approved (see `SummaryRequest.revision`). */
	revision: string;
	hash: string;
}

/** A request as it stands now. */
export interface SummaryRequest {
	id: string;
	by: PartnerId;
	at: Instant;
	selection: Selection;
	hash: string;
	/** Who last chose the selection, and when: `<at>:<partner>`. Approvals name it. */
	revision: string;
	changedBy: PartnerId;
	changedAt: Instant;
	approvals: Approval[];
	withdrawn: boolean;
}

const isSelection = (v: unknown): v is Selection => {
	const s = v as Partial<Selection> | undefined;
	return !!s && isDay(s.from) && isDay(s.to) && Array.isArray(s.sections);
};

function readRequests(doc: Y.Doc): Map<string, SummaryRequest> {
	const map = roots.reflections(doc);
	const out = new Map<string, SummaryRequest>();
	const edits: EditRecord[] = [];
	const approvals: Approval[] = [];
	const withdrawn = new Set<string>();
	map.forEach((v, key) => {
		if (isRecord<RequestRecord>(v, 'summaryRequest')) {
			if (v.id !== key.slice('summary:'.length) || !isSelection(v.selection) || !isNum(v.at))
				return;
			out.set(v.id, {
				id: v.id,
				by: v.by,
				at: v.at,
				selection: v.selection,
				hash: v.hash,
				revision: `${v.at}:${v.by}`,
				changedBy: v.by,
				changedAt: v.at,
				approvals: [],
				withdrawn: false
			});
		} else if (isRecord<EditRecord>(v, 'summaryEdit')) {
			if (isSelection(v.selection) && isNum(v.at)) edits.push(v);
		} else if (isRecord<Approval>(v, 'summaryApproval')) {
			if (typeof v.hash === 'string' && typeof v.revision === 'string') approvals.push(v);
		} else if (isRecord<{ requestId: string }>(v, 'summaryWithdrawn')) withdrawn.add(v.requestId);
	});
	for (const e of edits) {
		const r = out.get(e.requestId);
		if (!r || e.at < r.changedAt || (e.at === r.changedAt && e.by <= r.changedBy)) continue;
		Object.assign(r, {
			selection: e.selection,
			hash: e.hash,
			revision: `${e.at}:${e.by}`,
			changedBy: e.by,
			changedAt: e.at
		});
	}
	for (const a of approvals) out.get(a.requestId)?.approvals.push(a);
	for (const id of withdrawn) {
		const r = out.get(id);
		if (r) r.withdrawn = true;
	}
	return out;
}

/** One request as it stands, withdrawn ones included. */
export function summaryRequest(doc: Y.Doc, id: string): SummaryRequest | undefined {
	return readRequests(doc).get(id);
}

/** The request being prepared now: the newest not set aside. */
export function currentSummaryRequest(doc: Y.Doc): SummaryRequest | undefined {
	let best: SummaryRequest | undefined;
	for (const r of readRequests(doc).values())
		if (!r.withdrawn && (!best || r.at > best.at || (r.at === best.at && r.id > best.id))) best = r;
	return best;
}

/** "Prepare summary": the selection, and the hash of the content it produces on this device. */
export function prepareSummary(
	doc: Y.Doc,
	input: { by: PartnerId; selection: Selection; hash: string },
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const selection = toSelection(input.selection);
	if (!selection || !input.hash) return refuse('invalid');
	const id = newId();
	const record: RequestRecord = {
		type: 'summaryRequest',
		id,
		by: input.by,
		at: now,
		selection,
		hash: input.hash
	};
	doc.transact(() => roots.reflections(doc).set(`summary:${id}`, record), LOCAL);
	return { ok: true, id };
}

/**
 * Changes the selection (or, with the same selection, takes in contents that changed since):
 * a new revision, so every approval given so far no longer counts.
 */
export function editSummary(
	doc: Y.Doc,
	id: string,
	input: { by: PartnerId; selection: Selection; hash: string },
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const current = summaryRequest(doc, id);
	if (!current || current.withdrawn) return refuse('notFound');
	const selection = toSelection(input.selection);
	if (!selection || !input.hash) return refuse('invalid');
	const edit: EditRecord = {
		type: 'summaryEdit',
		requestId: id,
		by: input.by,
		// After the revision it replaces, even when this device's clock is behind.
		at: Math.max(now, current.changedAt + 1),
		selection,
		hash: input.hash
	};
	doc.transact(() => roots.reflections(doc).set(`summaryEdit:${id}:${input.by}`, edit), LOCAL);
	return { ok: true, id };
}

/**
 * "I approve these contents": `hash` is what this partner reviewed, computed on their device.
 * Refused as 'changed' when it is not the request's current hash (the selection changed, or the
 * devices hold different data: it will match once they have synced).
 */
export function approveSummary(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	hash: string,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const r = summaryRequest(doc, id);
	if (!r || r.withdrawn) return refuse('notFound');
	if (hash !== r.hash) return refuse('changed');
	const approval: Approval = {
		type: 'summaryApproval',
		requestId: id,
		by,
		at: now,
		revision: r.revision,
		hash
	};
	doc.transact(() => roots.reflections(doc).set(`summaryApproval:${id}:${by}`, approval), LOCAL);
	return { ok: true, id };
}

/** Sets a request aside (either partner); its approvals stop counting. */
export function withdrawSummary(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!summaryRequest(doc, id)) return refuse('notFound');
	const record = { type: 'summaryWithdrawn', requestId: id, by, at: now };
	doc.transact(() => roots.reflections(doc).set(`summaryWithdrawn:${id}`, record), LOCAL);
	return { ok: true, id };
}

/** Where a request stands, seen from one device. */
export type Stage =
	| 'awaitingBoth'
	| 'awaitingPartner'
	| 'awaitingMe'
	| 'approved'
	/** This device's content no longer hashes as requested: review again once it is updated. */
	| 'changed'
	| 'withdrawn';

/** A request's stage, with who approved the current revision and whose approval was reset. */
export interface SummaryStatus {
	stage: Stage;
	approvedBy: PartnerId[];
	/** Partners who approved an earlier revision or content: their approval was reset. */
	reset: PartnerId[];
	/** True only when both approved this revision and this device's content is that content. */
	printable: boolean;
}

/** The approval state machine, from a request, the partners, me, and this device's hash. */
export function summaryStatus(
	r: SummaryRequest,
	partners: readonly PartnerId[],
	me: PartnerId,
	currentHash: string
): SummaryStatus {
	const everyone = [...new Set(partners)];
	const counts = (a: Approval) => a.revision === r.revision && a.hash === r.hash;
	const approvedBy = everyone.filter((p) => r.approvals.some((a) => a.by === p && counts(a)));
	const reset = everyone.filter(
		(p) => !approvedBy.includes(p) && r.approvals.some((a) => a.by === p)
	);
	const both = everyone.length >= 2 && approvedBy.length === everyone.length;
	const matches = currentHash === r.hash;
	const stage: Stage = r.withdrawn
		? 'withdrawn'
		: !matches
			? 'changed'
			: both
				? 'approved'
				: approvedBy.includes(me)
					? 'awaitingPartner'
					: approvedBy.length
						? 'awaitingMe'
						: 'awaitingBoth';
	return { stage, approvedBy, reset, printable: stage === 'approved' };
}
