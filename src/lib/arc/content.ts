/**
 * The counsellor summary's contents, as plain JSON, and their hash. Built the same way on both
 * partners' devices from the shared document alone, over whole weeks that have ended, so two
 * synced devices produce the same bytes and so the same hash: approving a hash approves exactly
 * these words and numbers. Percentages are whole numbers; nothing depends on the device's clock
 * except which weeks have ended.
 */
import type * as Y from 'yjs';
import type { Day, PartnerId } from '../schema';
import { activePartners } from '../partners/partners';
import { agreedVersion, hashContent, type VersionContent } from '../contract/versions';
import { actionItems, victoriesOf, weekOfCheckin } from '../checkins';
import { scoreOf } from '../tracker';
import { addDays, atTime, toDay } from '../core/calendar';
import type { Arc } from './read';
import type { Selection } from './summary';

/** The contents of a counsellor summary. */
export interface SummaryContent {
	format: 'kept-counsellor-summary';
	version: 1;
	period: { from: Day; to: Day };
	partners: { id: PartnerId; name: string }[];
	sections: Selection['sections'];
	/** The agreed contract now; null when nothing is agreed. */
	contract?: { label: string; agreedOn: Day; content: VersionContent } | null;
	scores?: {
		/** Each week: follow-through and the overall reliability score at its end, in %. */
		weeks: { week: Day; followThrough: number | null; score: number | null }[];
		/** Each commitment in force at the end: its score at the start and at the end, in %. */
		tracks: { clause: string; partnerId: PartnerId; kind: string; from: number; to: number }[];
	};
	/** One list per partner, never averaged together. */
	feltSafety?: { partnerId: PartnerId; weeks: { week: Day; value: number }[] }[];
	checkins?: {
		considered: number;
		held: number;
		onTime: number;
		highlights: {
			week: Day;
			victories: string[];
			actions: { text: string; owner: PartnerId | 'both'; done: boolean }[];
		}[];
	};
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 100));

/** The contents for a selection, from the arc as read on this device. */
export function summaryContent(doc: Y.Doc, arc: Arc, selection: Selection): SummaryContent {
	const { from, to, sections } = selection;
	const rows = arc.rows.filter((r) => r.week >= from && r.week <= to);
	const partners = activePartners(doc).map((p) => ({ id: p.id, name: p.name }));
	const out: SummaryContent = {
		format: 'kept-counsellor-summary',
		version: 1,
		period: { from, to },
		partners,
		sections: [...sections]
	};
	if (sections.includes('contract')) {
		const agreed = agreedVersion(doc, arc.partners);
		out.contract = agreed
			? {
					label: agreed.label,
					agreedOn: toDay(Math.max(...agreed.signatures.map((s) => s.signedAt))),
					content: agreed.version.content
				}
			: null;
	}
	if (sections.includes('scores')) {
		const before = addDays(from, -1);
		const end = rows[rows.length - 1];
		const words = new Map(arc.clauses.map((c) => [c.id, c]));
		out.scores = {
			weeks: rows.map((r) => ({
				week: r.week,
				followThrough: pct(
					r.followThrough.expected ? r.followThrough.credit / r.followThrough.expected : null
				),
				score: pct(r.score)
			})),
			tracks: [...(end?.trackScores.keys() ?? [])].map((key) => {
				const [clauseId, partnerId] = key.split(':');
				const track = { clauseId, partnerId };
				return {
					clause: words.get(clauseId)?.commitment ?? '',
					partnerId,
					kind: words.get(clauseId)?.kind ?? 'behaviour',
					from: Math.round(scoreOf(arc.ledger, track, before) * 100),
					to: Math.round(scoreOf(arc.ledger, track, to) * 100)
				};
			})
		};
	}
	if (sections.includes('feltSafety'))
		out.feltSafety = arc.partners.map((partnerId) => ({
			partnerId,
			weeks: rows.flatMap((r) =>
				(r.feltSafety.get(partnerId) ?? []).map((value) => ({ week: r.week, value }))
			)
		}));
	if (sections.includes('checkins')) {
		const endAt = atTime(addDays(to, 1));
		const items = actionItems(doc, arc.now).filter((a) => {
			const week = weekOfCheckin(a.createdIn);
			return week >= from && week <= to;
		});
		const weeks = new Set([...items.map((a) => weekOfCheckin(a.createdIn))]);
		for (const r of rows) if (r.checkins.held) weeks.add(r.week);
		out.checkins = {
			considered: rows.reduce((s, r) => s + r.checkins.considered, 0),
			held: rows.reduce((s, r) => s + r.checkins.held, 0),
			onTime: rows.reduce((s, r) => s + r.checkins.onTime, 0),
			highlights: [...weeks]
				.sort()
				.map((week) => ({
					week,
					victories: victoriesOf(doc, `checkin:${week}`).map((v) => v.text),
					actions: items
						.filter((a) => weekOfCheckin(a.createdIn) === week)
						.map((a) => ({
							text: a.text,
							owner: a.owner ?? 'both',
							// Done by the end of the period: later follow-up does not change what was approved.
							done: a.doneAt !== undefined && a.doneAt < endAt
						}))
				}))
				.filter((h) => h.victories.length || h.actions.length)
		};
	}
	return out;
}

/** The SHA-256 both partners approve: the contract's canonical JSON hash of the contents. */
export function contentHash(content: SummaryContent): string {
	return hashContent(content);
}
