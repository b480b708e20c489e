import { describe, expect, test } from 'vitest';
import type { VersionClause, VersionContent } from './content';
import { compareVersions, diffText } from './diff';

function clause(id: string, commitment: string, extra: Partial<VersionClause> = {}): VersionClause {
	return {
		id,
		kind: 'behaviour',
		owner: 'both',
		timeline: { kind: 'daily' },
		commitment,
		action: '',
		examples: '',
		consequence: '',
		backup: '',
		touchBase: '',
		...extra
	};
}

const content = (clauses: VersionClause[], title = 'Us', why = ''): VersionContent => ({
	title,
	why,
	clauses
});
const summary = (a: VersionContent, b: VersionContent) =>
	compareVersions(a, b).clauses.map((c) => [c.id, c.status, c.moved]);

describe('compareVersions', () => {
	test('added, removed, reordered and edited clauses, all at once', () => {
		const before = content([
			clause('A', 'Call at 8 pm'),
			clause('B', 'Walk on Sunday'),
			clause('C', 'Cook on Friday'),
			clause('D', 'Reply within an hour')
		]);
		const after = content([
			clause('D', 'Reply within an hour'), // moved to the top
			clause('A', 'Call at 9 pm'), // edited
			clause('B', 'Walk on Sunday'), // unchanged
			clause('E', 'Plan a date monthly') // added; C removed
		]);
		const result = compareVersions(before, after);
		expect(summary(before, after)).toEqual([
			['D', 'moved', true],
			['A', 'changed', false],
			['B', 'unchanged', false],
			['C', 'removed', false],
			['E', 'added', false]
		]);
		expect(result.counts).toEqual({ added: 1, removed: 1, changed: 1, moved: 1, unchanged: 1 });
		expect(result.identical).toBe(false);
		expect(result.title).toBeUndefined();
		const a = result.clauses[1];
		expect(Object.keys(a.texts)).toEqual(['commitment']);
		expect(a.texts.commitment?.parts).toEqual([
			{ value: 'Call at ', change: 'same' },
			{ value: '8', change: 'removed' },
			{ value: '9', change: 'added' },
			{ value: ' pm', change: 'same' }
		]);
		expect(result.clauses[3].before?.commitment).toBe('Cook on Friday');
		expect(result.clauses[4].after?.commitment).toBe('Plan a date monthly');
	});

	test('inserting or removing a clause does not make the ones after it look moved', () => {
		const before = content([clause('A', 'a'), clause('B', 'b'), clause('C', 'c')]);
		const after = content([clause('X', 'x'), clause('A', 'a'), clause('C', 'c')]);
		expect(summary(before, after)).toEqual([
			['X', 'added', false],
			['A', 'unchanged', false],
			['B', 'removed', false],
			['C', 'unchanged', false]
		]);
	});

	test('a swap of two clauses shows one of them moved; an edited clause that moved says both', () => {
		const before = content([clause('A', 'a'), clause('B', 'b'), clause('C', 'c')]);
		expect(
			summary(before, content([clause('B', 'b'), clause('A', 'a'), clause('C', 'c')]))
		).toEqual([
			['B', 'unchanged', false],
			['A', 'moved', true],
			['C', 'unchanged', false]
		]);
		expect(
			summary(before, content([clause('C', 'c!'), clause('A', 'a'), clause('B', 'b')]))
		).toEqual([
			['C', 'changed', true],
			['A', 'unchanged', false],
			['B', 'unchanged', false]
		]);
	});

	test('owner, kind and timeline changes are reported field by field', () => {
		const before = content([
			clause('A', 'Call', { owner: 'ana', timeline: { kind: 'daily', byTime: '20:00' } })
		]);
		const after = content([
			clause('A', 'Call', { owner: 'both', kind: 'boundary', timeline: { kind: 'always' } })
		]);
		const [a] = compareVersions(before, after).clauses;
		expect(a).toMatchObject({
			status: 'changed',
			texts: {},
			owner: { before: 'ana', after: 'both' },
			kind: { before: 'behaviour', after: 'boundary' },
			timeline: { before: { kind: 'daily', byTime: '20:00' }, after: { kind: 'always' } }
		});
		const same = compareVersions(before, before);
		expect(same.identical).toBe(true);
		expect(same.clauses[0]).toEqual({
			id: 'A',
			status: 'unchanged',
			moved: false,
			before: before.clauses[0],
			after: before.clauses[0],
			texts: {}
		});
	});

	test('title and why changes are word diffs; removed first clauses go first', () => {
		const before = content([clause('A', 'a'), clause('B', 'b')], 'Our plan', 'To feel safe');
		const after = content([clause('B', 'b')], 'Our shared plan', 'To feel safe');
		const result = compareVersions(before, after);
		expect(result.title?.parts).toEqual([
			{ value: 'Our ', change: 'same' },
			{ value: 'shared ', change: 'added' },
			{ value: 'plan', change: 'same' }
		]);
		expect(result.why).toBeUndefined();
		expect(result.clauses.map((c) => [c.id, c.status])).toEqual([
			['A', 'removed'],
			['B', 'unchanged']
		]);
	});
});

describe('diffText', () => {
	test('right-to-left words and emoji diff by word, not by letter', () => {
		expect(diffText('أتصل بك 😀 كل يوم', 'أتصل بك 👍🏽 كل ليلة')?.parts).toEqual([
			{ value: 'أتصل بك ', change: 'same' },
			{ value: '😀', change: 'removed' },
			{ value: '👍🏽', change: 'added' },
			{ value: ' كل ', change: 'same' },
			{ value: 'يوم', change: 'removed' },
			{ value: 'ليلة', change: 'added' }
		]);
	});

	test('equal texts have no change; a change in spacing alone still shows', () => {
		expect(diffText('same', 'same')).toBeUndefined();
		expect(diffText('one\ntwo', 'one two')?.parts).toEqual([
			{ value: 'one\ntwo', change: 'removed' },
			{ value: 'one two', change: 'added' }
		]);
	});
});
