import { describe, expect, test } from 'vitest';
import { exchange } from '../test/peers';
import { agreedSpace, ANA, at, BEN } from './fixtures';
import { readArc } from './read';
import {
	addReflection,
	editReflection,
	lastDayOf,
	listReflections,
	lookBackInvitation,
	previousMonth,
	removeReflection
} from './reflections';

const T = at('2026-04-02', '20:00');

describe('reflections', () => {
	test('two written on the same month on two devices at once are both kept', () => {
		const { a, b } = agreedSpace();
		addReflection(a, { month: '2026-03', text: 'We argued less.', by: ANA }, T);
		addReflection(b, { month: '2026-03', text: 'Sunday walks helped.', by: BEN }, T + 1);
		exchange(a, b);
		expect(listReflections(b).map((r) => [r.month, r.by, r.text])).toEqual([
			['2026-03', ANA, 'We argued less.'],
			['2026-03', BEN, 'Sunday walks helped.']
		]);
	});

	test('only the one who wrote it rewords or removes it', () => {
		const { a, b } = agreedSpace();
		const r = addReflection(a, { month: '2026-03', text: ' What changed? \n Calls. ', by: ANA }, T);
		if (!r.ok) throw new Error('refused');
		exchange(a, b);
		expect(editReflection(b, r.id, BEN, 'Mine now', T + 1)).toEqual({
			ok: false,
			reason: 'notYours'
		});
		expect(editReflection(a, r.id, ANA, 'Calls, every evening.', T + 2).ok).toBe(true);
		expect(listReflections(a)[0].text).toBe('Calls, every evening.');
		expect(removeReflection(a, r.id, ANA, T + 3).ok).toBe(true);
		expect(listReflections(a)).toEqual([]);
	});

	test('a month still to come, or empty words, are refused', () => {
		const { a } = agreedSpace();
		expect(addReflection(a, { month: '2026-05', text: 'Later', by: ANA }, T).ok).toBe(false);
		expect(addReflection(a, { month: '2026-03', text: '   ', by: ANA }, T).ok).toBe(false);
		expect(addReflection(a, { month: '2026-13', text: 'x', by: ANA }, T).ok).toBe(false);
	});

	test('they sit on the timeline at the end of their month, opening the look-back page', () => {
		const { a } = agreedSpace();
		const r = addReflection(a, { month: '2026-03', text: 'We argued less.', by: ANA }, T);
		const marker = readArc(a, T).markers.find((m) => m.kind === 'reflection');
		expect(marker).toEqual({
			kind: 'reflection',
			id: r.ok ? r.id : '',
			day: '2026-03-31',
			label: 'We argued less.',
			href: `/arc/look-back#reflection-${r.ok ? r.id : ''}`
		});
	});
});

describe('the monthly invitation', () => {
	test('invites once a month has ended, until a reflection on it is written', () => {
		expect(lookBackInvitation([], '2026-04-02', '2026-03-02')).toEqual({ month: '2026-03' });
		const written = [
			{
				type: 'reflection' as const,
				id: 'r',
				month: '2026-03',
				text: 'x',
				by: ANA,
				createdAt: T,
				updatedAt: T
			}
		];
		expect(lookBackInvitation(written, '2026-04-20', '2026-03-02')).toBeUndefined();
		// May brings April's.
		expect(lookBackInvitation(written, '2026-05-01', '2026-03-02')).toEqual({ month: '2026-04' });
	});

	test('not before the arc has had a week in the month looked back on', () => {
		expect(lookBackInvitation([], '2026-04-02', undefined)).toBeUndefined();
		expect(lookBackInvitation([], '2026-04-02', '2026-03-28')).toBeUndefined();
		expect(lookBackInvitation([], '2026-04-02', '2026-03-24')).toEqual({ month: '2026-03' });
	});

	test('month arithmetic', () => {
		expect(previousMonth('2026-01')).toBe('2025-12');
		expect(lastDayOf('2024-02')).toBe('2024-02-29');
		expect(lastDayOf('2026-12')).toBe('2026-12-31');
	});
});
