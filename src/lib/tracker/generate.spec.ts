import * as Y from 'yjs';
import { expect, test } from 'vitest';
import { dueOn } from './schedule';
import { generateYear } from './generate';
import { readLedger } from './ledger';
import { boundariesHonoured, followThrough, weeklyTrend } from './metrics';
import { milestones } from './milestones';
import { scoreChange } from './score';
import { tracksData } from './analysis';

test('a generated year computes Today and every metric, with milestones and a steady trend', () => {
	const doc = new Y.Doc();
	const year = generateYear(doc, { to: '2026-12-31', seed: 7 });
	expect(year.periods).toHaveLength(3);
	const all = () => {
		const ledger = readLedger(doc, year, year.to);
		for (const p of year.partners) dueOn(ledger, year.to, p);
		for (const t of tracksData(ledger)) scoreChange(ledger, t.track);
		followThrough(ledger);
		weeklyTrend(ledger, 52);
		boundariesHonoured(ledger);
		return { ledger, found: milestones(ledger, year.checkins) };
	};
	const { ledger, found } = all();
	expect(ledger.entryById.size).toBeGreaterThan(1500);
	expect(found.length).toBeGreaterThan(5);
	expect(weeklyTrend(ledger, 4).every((w) => (w.overall.rate ?? 0) > 0.5)).toBe(true);
});
