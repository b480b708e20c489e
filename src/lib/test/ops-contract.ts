/**
 * Walk operations on the contract: clauses typed, moved, archived; versions proposed, signed,
 * and (rarely) damaged by a buggy peer. Test-only.
 */
import { expect } from 'vitest';
import {
	addClause,
	archiveClause,
	CLAUSE_TEXT_FIELDS,
	clauseText,
	contractText,
	editClauseText,
	editContractText,
	getClause,
	listClauses,
	moveClause,
	restoreClause,
	setClauseFields,
	TEXT_LIMITS,
	type ClauseTextField,
	type Timeline
} from '../contract/contract';
import {
	hashContent,
	listVersions,
	liveContent,
	nextVersionNumber,
	proposeVersion,
	signVersion
} from '../contract/versions';
import { newId } from '../ids';
import { LOCAL, roots } from '../schema';
import { recomputeHash } from './invariants';
import { filler, nextText } from './text-edits';
import { pickFrom, recordAt, type Ctx, type Op } from './walk-context';
import { PARTNERS } from './world';

function timeline(c: Ctx): Timeline | null {
	return c.rng.pick<Timeline | null>([
		{ kind: 'daily' },
		{ kind: 'weekly', weekday: 0, byTime: '20:00' },
		{ kind: 'timesPerWeek', times: 3 },
		null
	]);
}

const liveClause = (c: Ctx) => (id: string) => getClause(c.doc, id) !== undefined;

/** Types a marker into (or deletes filler from) one Y.Text field through `edit`. */
function typeInto(
	c: Ctx,
	path: string,
	current: string,
	limit: number,
	edit: (next: string) => { clamped: boolean }
): boolean {
	const marker = c.w.marker('c');
	const plan = nextText(current, marker, limit, c.rng);
	// Over the limit (after a merge) the model would cut the tail; a person cannot type there.
	if (!plan || plan.next.length > limit) return false;
	expect(edit(plan.next).clamped, `${c.w.at}: ${path} was cut`).toBe(false);
	if (plan.typed) c.w.textMarkers.push({ marker, group: 'shared', path, step: c.w.clock.step });
	return true;
}

/** The contract's operations, with how often the walk does each. */
export const contractOps: Record<string, Op> = {
	addClause: {
		weight: 4,
		run(c) {
			// A contract has a few dozen clauses at most; more would only make every step slower.
			if (listClauses(c.doc).length >= 30) return false;
			const kind = c.rng.chance(0.2) ? 'boundary' : 'behaviour';
			const texts: Partial<Record<ClauseTextField, string>> = {};
			const markers: [ClauseTextField, string][] = [];
			for (const field of CLAUSE_TEXT_FIELDS) {
				if (!c.rng.chance(0.4)) continue;
				const marker = c.w.marker('c');
				texts[field] = `${filler(c.rng)} ${marker}`;
				markers.push([field, marker]);
			}
			const owner = c.rng.pick([c.me, c.other, 'both']);
			const id = addClause(
				c.doc,
				{ by: c.me, kind, owner, timeline: timeline(c), ...texts },
				c.now
			);
			c.w.made.clauses.push(id);
			for (const [field, marker] of markers) {
				c.w.textMarkers.push({
					marker,
					group: 'shared',
					path: `clauses/${id}/${field}`,
					step: c.w.clock.step
				});
			}
			return true;
		}
	},
	editClauseText: {
		weight: 10,
		run(c) {
			const id = pickFrom(c, c.w.made.clauses, liveClause(c));
			if (!id) return false;
			const field = c.rng.pick(CLAUSE_TEXT_FIELDS);
			const current = clauseText(c.doc, id, field)?.toString() ?? '';
			return typeInto(c, `clauses/${id}/${field}`, current, TEXT_LIMITS[field], (next) =>
				editClauseText(c.doc, id, field, next, c.now)
			);
		}
	},
	editContractText: {
		weight: 2,
		run(c) {
			const field = c.rng.pick(['title', 'why'] as const);
			const current = contractText(c.doc, field)?.toString() ?? '';
			return typeInto(c, `contract/${field}`, current, TEXT_LIMITS[field], (next) =>
				editContractText(c.doc, field, next)
			);
		}
	},
	setClauseFields: {
		weight: 2,
		run(c) {
			const id = pickFrom(c, c.w.made.clauses, liveClause(c));
			if (!id) return false;
			const patch = c.rng.pick([
				{ kind: 'boundary' as const },
				{ kind: 'behaviour' as const },
				{ owner: c.rng.pick([c.me, c.other, 'both']) },
				{ timeline: timeline(c) }
			]);
			setClauseFields(c.doc, id, patch, c.now);
			return true;
		}
	},
	moveClause: {
		weight: 2,
		run(c) {
			const id = pickFrom(c, c.w.made.clauses, liveClause(c));
			if (!id) return false;
			moveClause(c.doc, id, c.rng.int(listClauses(c.doc).length + 1), c.now);
			return true;
		}
	},
	archiveClause: {
		weight: 1,
		run(c) {
			const id = pickFrom(c, c.w.made.clauses, liveClause(c));
			if (!id) return false;
			archiveClause(c.doc, id, c.now);
			return true;
		}
	},
	restoreClause: {
		weight: 0.7,
		run(c) {
			const id = pickFrom(c, c.w.made.clauses, (id) => !!getClause(c.doc, id)?.archivedAt);
			if (!id) return false;
			restoreClause(c.doc, id, c.now);
			return true;
		}
	},
	proposeVersion: {
		weight: 3,
		run(c) {
			const setback = c.rng.chance(0.2)
				? pickFrom(c, c.w.made.setbacks, (s) => roots.setbacks(c.doc).has(s.id))
				: undefined;
			const version = proposeVersion(
				c.doc,
				{
					by: c.me,
					note: `${filler(c.rng)} ${c.w.marker('v')}`,
					...(setback ? { cites: { setbackId: setback.id } } : {})
				},
				c.now
			);
			c.w.made.versions.push(version.id);
			return true;
		}
	},
	signVersion: {
		weight: 6,
		run(c) {
			const infos = listVersions(c.doc, PARTNERS);
			if (infos.length === 0) return false;
			const target = c.rng.chance(0.8) ? infos[infos.length - 1] : c.rng.pick(infos);
			// Usually the hash the person reviewed is the version's; sometimes what they looked at was
			// the live contract instead, which the model must refuse unless it is the same.
			const hash = c.rng.chance(0.85) ? target.version.hash : hashContent(liveContent(c.doc));
			const result = signVersion(c.doc, { versionId: target.version.id, by: c.me, hash }, c.now);
			if (result.ok) {
				const stored = recordAt<{ content: unknown }>(roots.revisions(c.doc), target.version.id);
				expect(recomputeHash(stored?.content), `${c.w.at}: signed a damaged version`).toBe(hash);
				expect(target, `${c.w.at}: signed a version that is not the newest`).toBe(
					infos[infos.length - 1]
				);
			} else c.w.count(`refused:sign:${result.reason}`);
			return true;
		}
	},
	damageVersion: {
		weight: 0.1,
		run(c) {
			// A buggy or hostile peer stores a version whose content no longer matches its hash.
			const from = pickFrom(c, c.w.made.versions, (id) => roots.revisions(c.doc).has(id));
			const stored = from && recordAt<Record<string, unknown>>(roots.revisions(c.doc), from);
			if (!stored) return false;
			const content = stored.content as Record<string, unknown>;
			const id = newId();
			const record = {
				...stored,
				id,
				number: nextVersionNumber(c.doc),
				proposedAt: c.now,
				content: { ...content, title: `${String(content.title)} (altered)` }
			};
			c.doc.transact(() => roots.revisions(c.doc).set(id, record), LOCAL);
			c.w.damaged.add(id);
			c.w.made.versions.push(id);
			return true;
		}
	}
};
