/**
 * Action items for next week: carried over from check-in to check-in until done. "Carried into"
 * is derived, never stored: an item is on every later check-in's agenda that began before it was
 * done, so nothing needs writing each week and nothing can drift.
 *
 * Keys: `action:<id>` (the item, changed only by whoever wrote it), `done:<actionId>` (either
 * partner; reopening marks it undone), `actionProposal:<actionId>` (the contract version it
 * became). Separate keys, so marking done never overwrites a concurrent rewording.
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { isCheckinId, listCheckins, readCheckin, type Checkin } from './checkins';
import { compact, isNum, isRecord, refuse, type Result } from './model';
import { LIMITS, tidy } from './text';

/** An action item as stored. */
export interface ActionItem {
	type: 'action';
	id: string;
	text: string;
	/** Who takes it on; absent when both do. */
	owner?: PartnerId;
	createdIn: string;
	createdBy: PartnerId;
	createdAt: Instant;
	updatedAt: Instant;
	deletedAt?: Instant;
}

interface Done {
	type: 'actionDone';
	actionId: string;
	by: PartnerId;
	at: Instant;
	undoneAt?: Instant;
	undoneBy?: PartnerId;
}

interface Proposal {
	type: 'actionProposal';
	actionId: string;
	versionId: string;
	by: PartnerId;
	at: Instant;
}

/** An action item with how it was followed up. */
export interface ActionItemView extends ActionItem {
	doneAt?: Instant;
	doneBy?: PartnerId;
	/** Later check-ins it was carried into, oldest first. */
	carriedInto: string[];
	/** The contract version proposed from it. */
	proposalVersionId?: string;
}

/** Adds an action item for next week, from a check-in. */
export function addActionItem(
	doc: Y.Doc,
	input: { checkinId: string; text: string; by: PartnerId; owner?: PartnerId },
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const text = tidy(input.text, LIMITS.short, true);
	if (!text || !isCheckinId(input.checkinId)) return refuse('invalid');
	const id = newId();
	const item: ActionItem = compact({
		type: 'action',
		id,
		text,
		owner: input.owner,
		createdIn: input.checkinId,
		createdBy: input.by,
		createdAt: now,
		updatedAt: now
	});
	doc.transact(() => roots.checkins(doc).set(`action:${id}`, item), LOCAL);
	return { ok: true, id };
}

function ownItem(doc: Y.Doc, id: string, by: PartnerId): ActionItem | Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const item = roots.checkins(doc).get(`action:${id}`);
	if (!isRecord<ActionItem>(item, 'action') || item.deletedAt) return refuse('notFound');
	if (item.createdBy !== by) return refuse('notYours');
	return item;
}

/** Rewords one's own action item, or changes who takes it on (null: both). */
export function editActionItem(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	change: { text?: string; owner?: PartnerId | null },
	now: Instant = Date.now()
): Result {
	const item = ownItem(doc, id, by);
	if ('ok' in item) return item;
	const text = change.text === undefined ? item.text : tidy(change.text, LIMITS.short, true);
	if (!text) return refuse('invalid');
	const owner = change.owner === undefined ? item.owner : (change.owner ?? undefined);
	const next = compact({ ...item, text, owner, updatedAt: Math.max(now, item.updatedAt + 1) });
	doc.transact(() => roots.checkins(doc).set(`action:${id}`, next), LOCAL);
	return { ok: true, id };
}

/** Withdraws one's own action item (soft: its history stays). */
export function removeActionItem(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	const item = ownItem(doc, id, by);
	if ('ok' in item) return item;
	const stamp = Math.max(now, item.updatedAt + 1);
	const next = { ...item, updatedAt: stamp, deletedAt: stamp };
	doc.transact(() => roots.checkins(doc).set(`action:${id}`, next), LOCAL);
	return { ok: true, id };
}

function liveItem(doc: Y.Doc, id: string): ActionItem | undefined {
	const item = roots.checkins(doc).get(`action:${id}`);
	return isRecord<ActionItem>(item, 'action') && !item.deletedAt ? item : undefined;
}

/** Marks an action item done (either partner); marking it again changes nothing. */
export function markActionDone(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!liveItem(doc, id)) return refuse('notFound');
	const current = roots.checkins(doc).get(`done:${id}`) as Done | undefined;
	if (current?.type === 'actionDone' && current.undoneAt === undefined) return { ok: true, id };
	const done: Done = { type: 'actionDone', actionId: id, by, at: now };
	doc.transact(() => roots.checkins(doc).set(`done:${id}`, done), LOCAL);
	return { ok: true, id };
}

/** Puts a done action item back on the agenda. */
export function reopenActionItem(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const current = roots.checkins(doc).get(`done:${id}`) as Done | undefined;
	if (!liveItem(doc, id) || current?.type !== 'actionDone') return refuse('notFound');
	if (current.undoneAt !== undefined) return { ok: true, id };
	const undone = { ...current, undoneAt: Math.max(now, current.at + 1), undoneBy: by };
	doc.transact(() => roots.checkins(doc).set(`done:${id}`, undone), LOCAL);
	return { ok: true, id };
}

/** Records that an action item became a contract proposal (the UI proposes the version). */
export function linkActionProposal(
	doc: Y.Doc,
	id: string,
	versionId: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	if (!liveItem(doc, id)) return refuse('notFound');
	const link: Proposal = { type: 'actionProposal', actionId: id, versionId, by, at: now };
	doc.transact(() => roots.checkins(doc).set(`actionProposal:${id}`, link), LOCAL);
	return { ok: true, id };
}

/** When a check-in began, or was due: an item done after it was still on its agenda. */
const momentOf = (c: Checkin) => c.startedAt ?? c.dueAt;

/** Every live action item with its follow-up, oldest check-in first. */
export function actionItems(doc: Y.Doc, now: Instant = Date.now()): ActionItemView[] {
	const map = roots.checkins(doc);
	const checkins = listCheckins(doc, now);
	const out: ActionItemView[] = [];
	map.forEach((v) => {
		if (!isRecord<ActionItem>(v, 'action') || v.deletedAt || typeof v.createdIn !== 'string')
			return;
		const done = map.get(`done:${v.id}`) as Done | undefined;
		const doneAt =
			done?.type === 'actionDone' && !done.undoneAt && isNum(done.at) ? done.at : undefined;
		const proposal = map.get(`actionProposal:${v.id}`) as Proposal | undefined;
		out.push(
			compact({
				...v,
				doneAt,
				doneBy: doneAt === undefined ? undefined : done?.by,
				carriedInto: checkins
					.filter((c) => c.id > v.createdIn && (doneAt === undefined || doneAt >= momentOf(c)))
					.map((c) => c.id),
				proposalVersionId: proposal?.type === 'actionProposal' ? proposal.versionId : undefined
			})
		);
	});
	return out.sort(
		(a, b) =>
			(a.createdIn < b.createdIn ? -1 : a.createdIn > b.createdIn ? 1 : 0) ||
			a.createdAt - b.createdAt ||
			(a.id < b.id ? -1 : 1)
	);
}

/** The items on a check-in's agenda: made there or before, and not done before it began. */
export function openActionItems(
	doc: Y.Doc,
	asOfCheckinId: string,
	now: Instant = Date.now()
): ActionItemView[] {
	const asOf = readCheckin(doc, asOfCheckinId, now);
	if (!asOf) return [];
	const at = momentOf(asOf);
	return actionItems(doc, now).filter(
		(i) => i.createdIn <= asOfCheckinId && (i.doneAt === undefined || i.doneAt >= at)
	);
}
