import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { generateFiveYears } from '../../../scripts/bench/five-years';
import { listCheckins, answersOf, drafts } from '../checkins';
import { listVersions } from '../contract/versions';
import { listEntries } from '../journal/journal';
import { listInsights } from '../journal/insights';
import { listSetbacks } from '../setbacks';
import { howFar } from './compare';
import { readArc } from './read';
import { total } from './series';

describe('the five-year space', () => {
	const five = generateFiveYears({ seed: 2, to: '2026-11-27' });
	const partners = [five.partners.a.id, five.partners.b.id];

	test('is the same, byte for byte, for the same seed', () => {
		const bytes = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc));
		const one = generateFiveYears({ seed: 9, days: 200, to: '2026-11-27' });
		const two = generateFiveYears({ seed: 9, days: 200, to: '2026-11-27' });
		const other = generateFiveYears({ seed: 10, days: 200, to: '2026-11-27' });
		expect(bytes(one.shared).equals(bytes(two.shared))).toBe(true);
		expect(bytes(one.privateA).equals(bytes(two.privateA))).toBe(true);
		expect(bytes(one.shared).equals(bytes(other.shared))).toBe(false);
	});

	test('holds a contract revised many times, each version signed by both but one', () => {
		const versions = listVersions(five.shared, partners);
		expect(versions).toHaveLength(12);
		expect(versions.filter((v) => v.signatures.length === 2)).toHaveLength(11);
		expect(versions.at(-1)?.state).toBe('agreed');
		const inForce = versions.at(-1)?.version.content.clauses ?? [];
		expect(inForce.length).toBeGreaterThanOrEqual(9);
		expect(inForce.length).toBeLessThanOrEqual(11);
		expect(versions.filter((v) => v.version.cites).length).toBeGreaterThan(0);
	});

	test('holds about thirty setbacks and a check-in most weeks, answers revealed for both', () => {
		expect(listSetbacks(five.shared, partners)).toHaveLength(30);
		const held = listCheckins(five.shared, Date.parse('2026-11-28')).filter((c) => c.startedAt);
		expect(held.length).toBeGreaterThan(240);
		for (const p of partners) expect(answersOf(five.shared, held[100].id, p)).toBeDefined();
		// Drafts stay in each person's own private document.
		expect(drafts(five.privateA).size).toBe(held.length);
		expect(drafts(five.privateB).size).toBe(held.length);
	});

	test('keeps journals private: only chosen insights reach the shared space', () => {
		expect(listEntries(five.privateA).length).toBeGreaterThan(400);
		expect(listEntries(five.privateB).length).toBeGreaterThan(400);
		expect(five.shared.share.has('journal')).toBe(false);
		expect(listInsights(five.shared).length).toBeGreaterThan(10);
	});

	test('reads as an arc of five years, felt safety per partner, compared with last year', () => {
		const arc = readArc(five.shared, Date.parse('2026-11-27T12:00:00'));
		expect(arc.rows.length).toBeGreaterThanOrEqual(261);
		const all = total(arc.rows)!;
		expect([...all.feltSafety.keys()].sort()).toEqual([...partners].sort());
		const far = howFar(arc.rows, arc.today, partners, { nameOf: (id) => id });
		expect(far.kind).toBe('compared');
		expect(far.yearLines.length).toBeGreaterThan(0);
		// Reliability grows over the years: the last four weeks follow through more than the first.
		expect(far.last!.followThrough.rate!).toBeGreaterThan(far.first!.followThrough.rate!);
	});
});
