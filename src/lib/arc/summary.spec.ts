import { describe, expect, test } from 'vitest';
import { addActionItem, addVictory, markActionDone } from '../checkins';
import { roots } from '../schema';
import { exchange } from '../test/peers';
import { agreedSpace, ANA, at, BEN, holdCheckin, record } from './fixtures';
import { contentHash, summaryContent } from './content';
import { readArc } from './read';
import {
	approveSummary,
	currentSummaryRequest,
	defaultSelection,
	editSummary,
	prepareSummary,
	summaryStatus,
	toSelection,
	withdrawSummary,
	type Selection
} from './summary';

const SELECTION: Selection = {
	from: '2026-03-02',
	to: '2026-03-15',
	sections: ['contract', 'scores', 'feltSafety', 'checkins']
};
const NOW = at('2026-03-18', '12:00');
const PARTNERS = [ANA, BEN];

const idOf = (r: { ok: boolean; id?: string }) => {
	if (!r.ok || !r.id) throw new Error(`refused: ${JSON.stringify(r)}`);
	return r.id;
};

describe('approving a summary on two devices', () => {
	test('printable only once both approve the same revision and hash', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		exchange(a, b);
		const onA = () => summaryStatus(currentSummaryRequest(a)!, PARTNERS, ANA, 'h1');
		const onB = () => summaryStatus(currentSummaryRequest(b)!, PARTNERS, BEN, 'h1');
		expect(onA()).toEqual({ stage: 'awaitingBoth', approvedBy: [], reset: [], printable: false });

		idOf(approveSummary(a, id, ANA, 'h1', NOW + 1));
		expect(onA().stage).toBe('awaitingPartner');
		expect(onB().stage).toBe('awaitingBoth'); // not synced yet
		exchange(a, b);
		expect(onB()).toMatchObject({ stage: 'awaitingMe', approvedBy: [ANA], printable: false });

		idOf(approveSummary(b, id, BEN, 'h1', NOW + 2));
		expect(onB()).toMatchObject({ stage: 'approved', approvedBy: [ANA, BEN], printable: true });
		expect(onA().printable).toBe(false);
		exchange(a, b);
		expect(onA()).toMatchObject({ stage: 'approved', printable: true });
	});

	test('an edit of the selection resets every approval', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		exchange(a, b);
		approveSummary(a, id, ANA, 'h1', NOW + 1);
		approveSummary(b, id, BEN, 'h1', NOW + 2);
		exchange(a, b);
		const narrower = { ...SELECTION, sections: ['contract', 'scores'] as Selection['sections'] };
		idOf(editSummary(b, id, { by: BEN, selection: narrower, hash: 'h2' }, NOW + 3));
		exchange(a, b);
		const r = currentSummaryRequest(a)!;
		expect(r.selection.sections).toEqual(['contract', 'scores']);
		expect(summaryStatus(r, PARTNERS, ANA, 'h2')).toEqual({
			stage: 'awaitingBoth',
			approvedBy: [],
			reset: [ANA, BEN],
			printable: false
		});
		// Even an edit back to the first selection needs fresh approvals.
		idOf(editSummary(a, id, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW + 4));
		expect(summaryStatus(currentSummaryRequest(a)!, PARTNERS, ANA, 'h1').approvedBy).toEqual([]);
	});

	test('approving what was not requested is refused calmly', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		exchange(a, b);
		// Ben's device computed other contents (it had not synced something yet).
		expect(approveSummary(b, id, BEN, 'other', NOW + 1)).toEqual({ ok: false, reason: 'changed' });
		expect(approveSummary(b, 'nope', BEN, 'h1', NOW + 1)).toEqual({
			ok: false,
			reason: 'notFound'
		});
	});

	test('an approval of the old revision, crossing an edit, does not count', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		exchange(a, b);
		approveSummary(b, id, BEN, 'h1', NOW + 5);
		editSummary(a, id, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW + 1);
		approveSummary(a, id, ANA, 'h1', NOW + 2);
		exchange(a, b);
		expect(summaryStatus(currentSummaryRequest(b)!, PARTNERS, BEN, 'h1')).toMatchObject({
			stage: 'awaitingMe',
			approvedBy: [ANA],
			reset: [BEN]
		});
	});

	test('contents that changed after approval withhold the print until reviewed again', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		approveSummary(a, id, ANA, 'h1', NOW);
		exchange(a, b);
		approveSummary(b, id, BEN, 'h1', NOW);
		exchange(a, b);
		expect(summaryStatus(currentSummaryRequest(a)!, PARTNERS, ANA, 'h-late')).toMatchObject({
			stage: 'changed',
			printable: false
		});
	});

	test('two edits at once: both devices settle on the later one', () => {
		const { a, b } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		exchange(a, b);
		editSummary(a, id, { by: ANA, selection: SELECTION, hash: 'hA' }, NOW + 20);
		editSummary(b, id, { by: BEN, selection: SELECTION, hash: 'hB' }, NOW + 10);
		exchange(a, b);
		expect(currentSummaryRequest(a)?.hash).toBe('hA');
		expect(currentSummaryRequest(b)?.revision).toBe(currentSummaryRequest(a)?.revision);
	});

	test('withdrawn, it is no longer current and approvals stop counting', () => {
		const { a } = agreedSpace();
		const id = idOf(prepareSummary(a, { by: ANA, selection: SELECTION, hash: 'h1' }, NOW));
		withdrawSummary(a, id, BEN, NOW + 1);
		expect(currentSummaryRequest(a)).toBeUndefined();
		expect(approveSummary(a, id, ANA, 'h1', NOW + 2)).toEqual({ ok: false, reason: 'notFound' });
	});
});

describe('selections', () => {
	test('whole weeks, known sections in order, at most a year', () => {
		expect(
			toSelection({ from: '2026-03-04', to: '2026-03-10', sections: ['checkins', 'contract', 'x'] })
		).toEqual({ from: '2026-03-02', to: '2026-03-15', sections: ['contract', 'checkins'] });
		expect(toSelection({ from: '2026-03-04', to: '2026-03-10', sections: [] })).toBeNull();
		expect(toSelection({ from: '2026-03-20', to: '2026-03-02', sections: ['scores'] })).toBeNull();
		expect(toSelection({ from: '2024-01-01', to: '2026-03-02', sections: ['scores'] })).toBeNull();
		// Three months of complete weeks, ending the Sunday before today's week.
		expect(defaultSelection('2026-03-18')).toMatchObject({ from: '2025-12-15', to: '2026-03-15' });
	});
});

describe('the contents both approve', () => {
	function twoWeeks() {
		const s = agreedSpace();
		record(s.a, s.clauseId, '2026-03-02', Array(16).fill('kept'));
		const c1 = holdCheckin(s, '2026-03-02', '20:05', { ana: 4, ben: 6 });
		holdCheckin(s, '2026-03-09', '20:02', { ana: 6, ben: 5 });
		addVictory(s.a, { checkinId: c1, text: 'Every call made', by: ANA }, at('2026-03-08', '20:20'));
		const action = addActionItem(
			s.b,
			{ checkinId: c1, text: 'Plan a walk on Saturday', by: BEN },
			at('2026-03-08', '20:25')
		);
		if (action.ok) markActionDone(s.b, action.id, BEN, at('2026-03-14', '10:00'));
		exchange(s.a, s.b);
		return s;
	}

	test('are the same bytes on both synced devices, so the same hash', () => {
		const s = twoWeeks();
		const onA = summaryContent(s.a, readArc(s.a, NOW), SELECTION);
		const onB = summaryContent(s.b, readArc(s.b, NOW + 3_600_000), SELECTION);
		expect(contentHash(onA)).toBe(contentHash(onB));
		expect(contentHash(onA)).toMatch(/^[0-9a-f]{64}$/);
	});

	test('hold the agreed contract, weekly numbers, each partner’s felt safety and highlights', () => {
		const s = twoWeeks();
		const c = summaryContent(s.a, readArc(s.a, NOW), SELECTION);
		expect(c.period).toEqual({ from: '2026-03-02', to: '2026-03-15' });
		expect(c.contract?.label).toBe('1');
		expect(c.contract?.content.clauses.map((cl) => cl.commitment)).toEqual([
			'Call at 8 pm when away'
		]);
		expect(c.scores?.weeks.map((w) => w.followThrough)).toEqual([100, 100]);
		expect(c.scores?.tracks).toHaveLength(1);
		expect(c.scores?.tracks[0]).toMatchObject({ partnerId: ANA, from: 0 });
		// One list per partner: never one number for both.
		expect(c.feltSafety).toEqual([
			{
				partnerId: ANA,
				weeks: [
					{ week: '2026-03-02', value: 4 },
					{ week: '2026-03-09', value: 6 }
				]
			},
			{
				partnerId: BEN,
				weeks: [
					{ week: '2026-03-02', value: 6 },
					{ week: '2026-03-09', value: 5 }
				]
			}
		]);
		expect(c.checkins).toEqual({
			considered: 2,
			held: 2,
			onTime: 2,
			highlights: [
				{
					week: '2026-03-02',
					victories: ['Every call made'],
					actions: [{ text: 'Plan a walk on Saturday', owner: 'both', done: true }]
				}
			]
		});
	});

	test('change with the selection, and only hold the sections chosen', () => {
		const s = twoWeeks();
		const arc = readArc(s.a, NOW);
		const only = summaryContent(s.a, arc, { ...SELECTION, sections: ['feltSafety'] });
		expect(Object.keys(only).sort()).toEqual(
			['feltSafety', 'format', 'partners', 'period', 'sections', 'version'].sort()
		);
		expect(contentHash(only)).not.toBe(contentHash(summaryContent(s.a, arc, SELECTION)));
		// Nothing private is in it: answers' words stay out; only the shared records are read.
		expect(JSON.stringify(summaryContent(s.a, arc, SELECTION))).not.toContain('Calls');
		expect(roots.reflections(s.a).size).toBe(0);
	});
});
