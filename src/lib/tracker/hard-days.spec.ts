import * as Y from 'yjs';
import { afterEach, expect, test } from 'vitest';
import { exchange } from '../test/peers';
import { addDays, atTime } from '../core/calendar';
import { A, B, MONDAY } from './fixtures';
import { clearHardDay, hardDayOf, isHardDay, markHardDay, suggestTouchBase } from './hard-days';

const original = process.env.TZ;
afterEach(() => {
	process.env.TZ = original;
});

test('a touch-base about three hours later, on the half hour, never after 21:00', () => {
	const at = (t: string) => suggestTouchBase(atTime(MONDAY, t));
	expect(at('09:00')).toBe('12:00');
	expect(at('14:10')).toBe('17:30');
	expect(at('19:00')).toBe('21:00');
	expect(at('20:30')).toBe('21:00');
	expect(at('20:40')).toBeUndefined();
});

test('a hard day is marked, seen by the partner, and can be taken back', () => {
	process.env.TZ = 'Europe/Berlin';
	const [alex, sam] = [new Y.Doc(), new Y.Doc()];
	expect(markHardDay(alex, A, MONDAY, atTime(MONDAY, '13:00')).ok).toBe(true);
	exchange(alex, sam);
	expect(isHardDay(sam, A, MONDAY)).toBe(true);
	expect(hardDayOf(sam, A, MONDAY)?.touchBaseAt).toBe('16:00');
	expect(isHardDay(sam, B, MONDAY)).toBe(false);
	expect(isHardDay(sam, A, addDays(MONDAY, 1))).toBe(false);
	expect(markHardDay(alex, A, MONDAY, atTime(MONDAY, '14:00'), '18:30').ok).toBe(true);
	expect(hardDayOf(alex, A, MONDAY)?.touchBaseAt).toBe('18:30');
	expect(clearHardDay(alex, A, MONDAY).ok).toBe(true);
	exchange(alex, sam);
	expect(isHardDay(sam, A, MONDAY)).toBe(false);
	expect(markHardDay(alex, A, MONDAY, atTime(MONDAY, '14:00'), '25:00')).toEqual({
		ok: false,
		reason: 'invalid'
	});
});
