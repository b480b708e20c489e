/**
 * The couple's own words around the check-in: ground rules and extra prompts, in shared settings.
 *
 * Ground rules are a plain string per partner (`groundRules:<partner>`), latest `updatedAt` wins.
 * Not a Y.Text: one created lazily under a shared key by two devices at once would lose one side
 * whole. Kept per partner, the other's concurrent wording is never lost: the reader returns it
 * beside the winner so the couple can merge by hand. Prompts are one plain record each
 * (`prompt:<id>`) for the same reason (no nested map to race over).
 */
import type * as Y from 'yjs';
import { isFromNewerApp, LOCAL, roots, type Instant, type PartnerId } from '../schema';
import { newId } from '../ids';
import { compact, isNum, isRecord, refuse, type Result } from './model';
import { LIMITS, tidy } from './text';

/** The most prompts of their own a couple keeps at once. */
export const MAX_PROMPTS = 10;

/** One partner's wording of the ground rules. */
export interface GroundRules {
	text: string;
	by: PartnerId;
	updatedAt: Instant;
	/** The `updatedAt` of the wording they edited (absent for the first). */
	basedOn?: Instant;
}

/** The ground rules in force, and a wording written at the same time that did not win. */
export interface GroundRulesView extends GroundRules {
	concurrent?: GroundRules;
}

/** A prompt the couple added (key `prompt:<id>`); removing it keeps it for past answers. */
export interface Prompt {
	type: 'prompt';
	id: string;
	text: string;
	addedBy: PartnerId;
	addedAt: Instant;
	deletedAt?: Instant;
}

function readRules(v: unknown): GroundRules | undefined {
	const r = v as Partial<GroundRules> | undefined;
	if (!r || typeof r.text !== 'string' || typeof r.by !== 'string' || !isNum(r.updatedAt)) return;
	return compact({ text: r.text, by: r.by, updatedAt: r.updatedAt, basedOn: r.basedOn });
}

/** The ground rules, or undefined before anyone wrote them. */
export function groundRules(doc: Y.Doc): GroundRulesView | undefined {
	const all: GroundRules[] = [];
	roots.settings(doc).forEach((v, key) => {
		const r = key.startsWith('groundRules:') ? readRules(v) : undefined;
		if (r) all.push(r);
	});
	all.sort((a, b) => b.updatedAt - a.updatedAt || (a.by < b.by ? 1 : -1));
	const [winner, ...rest] = all;
	if (!winner) return undefined;
	// Written after the wording the winner edited, so the winner's author never saw it.
	const concurrent = rest.find(
		(r) => r.updatedAt > (winner.basedOn ?? -Infinity) && r.text !== winner.text
	);
	return compact({ ...winner, concurrent });
}

/** Rewrites the ground rules (an empty text clears them). */
export function setGroundRules(
	doc: Y.Doc,
	text: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const current = groundRules(doc);
	const rules: GroundRules = compact({
		text: tidy(text, LIMITS.long),
		by,
		updatedAt: current ? Math.max(now, current.updatedAt + 1) : now,
		basedOn: current?.updatedAt
	});
	const key = `groundRules:${by}`;
	doc.transact(() => roots.settings(doc).set(key, rules), LOCAL);
	return { ok: true, id: key };
}

function allPrompts(doc: Y.Doc): Prompt[] {
	const out: Prompt[] = [];
	roots.settings(doc).forEach((v) => {
		if (isRecord<Prompt>(v, 'prompt') && typeof v.id === 'string' && typeof v.text === 'string')
			out.push(v);
	});
	return out.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
}

/** The couple's own prompts, oldest first; `withRemoved` also lists removed ones (for history). */
export function customPrompts(doc: Y.Doc, withRemoved = false): Prompt[] {
	return allPrompts(doc).filter((p) => withRemoved || !p.deletedAt);
}

/** Adds a prompt of their own to every check-in from now on. */
export function addPrompt(
	doc: Y.Doc,
	text: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const clean = tidy(text, LIMITS.short, true);
	if (!clean || customPrompts(doc).length >= MAX_PROMPTS) return refuse('invalid');
	const id = newId();
	const prompt: Prompt = { type: 'prompt', id, text: clean, addedBy: by, addedAt: now };
	doc.transact(() => roots.settings(doc).set(`prompt:${id}`, prompt), LOCAL);
	return { ok: true, id };
}

/** Retires a prompt one added; past answers to it keep its words. */
export function removePrompt(
	doc: Y.Doc,
	id: string,
	by: PartnerId,
	now: Instant = Date.now()
): Result {
	if (isFromNewerApp(doc)) return refuse('readOnly');
	const p = roots.settings(doc).get(`prompt:${id}`);
	if (!isRecord<Prompt>(p, 'prompt') || p.deletedAt) return refuse('notFound');
	if (p.addedBy !== by) return refuse('notYours');
	doc.transact(() => roots.settings(doc).set(`prompt:${id}`, { ...p, deletedAt: now }), LOCAL);
	return { ok: true, id };
}
