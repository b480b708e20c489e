import { describe, expect, test } from 'vitest';
import { roots } from '../schema';
import { exchange } from '../test/peers';
import { ANA, BEN, MONDAY, SUNDAY, at, space } from './fixtures';
import {
	checkinIdOf,
	checkinSchedule,
	isCheckinDay,
	nextCheckinAt,
	plannedInWeek,
	setCheckinSchedule
} from './schedule';
import { addPrompt, customPrompts, groundRules, removePrompt, setGroundRules } from './settings';

describe('schedule', () => {
	test('the next check-in is the planned time at or after now, on the local calendar', () => {
		const s = { weekday: 0, time: '20:00' };
		expect(nextCheckinAt(s, at(MONDAY, '09:00'))).toBe(at(SUNDAY, '20:00'));
		expect(nextCheckinAt(s, at(SUNDAY, '20:00'))).toBe(at(SUNDAY, '20:00'));
		expect(nextCheckinAt(s, at(SUNDAY, '20:01'))).toBe(at('2026-03-15', '20:00'));
		// Across the change to summer time in Europe and the US, still 20:00 on the wall clock.
		expect(nextCheckinAt(s, at('2026-03-28', '12:00'))).toBe(at('2026-03-29', '20:00'));
		expect(plannedInWeek({ weekday: 1, time: '07:30' }, SUNDAY)).toBe(at(MONDAY, '07:30'));
		expect(isCheckinDay(s, at(SUNDAY, '08:00'))).toBe(true);
		expect(isCheckinDay(s, at(MONDAY, '08:00'))).toBe(false);
	});

	test('one check-in id per week, whatever day of it', () => {
		expect(checkinIdOf(MONDAY)).toBe('checkin:2026-03-02');
		expect(checkinIdOf(SUNDAY)).toBe('checkin:2026-03-02');
		expect(checkinIdOf('2026-03-09')).toBe('checkin:2026-03-09');
	});

	test('the grace window defaults to ten minutes; nonsense is refused', () => {
		const { a } = space();
		expect(checkinSchedule(a)).toMatchObject({ weekday: 0, time: '20:00', graceMinutes: 10 });
		const bad = [
			{ weekday: 7, time: '20:00', minutes: 45 },
			{ weekday: 1, time: '24:00', minutes: 45 },
			{ weekday: 1, time: '20:00', minutes: 0 },
			{ weekday: 1, time: '20:00', minutes: 45, graceMinutes: 2.5 },
			{ weekday: 1, time: '20:00', minutes: 45, timeZone: 'Mars/Olympus' }
		];
		for (const input of bad)
			expect(setCheckinSchedule(a, input, ANA)).toEqual({ ok: false, reason: 'invalid' });
	});

	test('two partners changing it offline: the later change wins on both devices', () => {
		const { a, b } = space();
		const t = at(MONDAY, '12:00');
		setCheckinSchedule(a, { weekday: 6, time: '10:00', minutes: 30 }, ANA, t + 5);
		setCheckinSchedule(
			b,
			{ weekday: 3, time: '19:30', minutes: 60, timeZone: 'Europe/Berlin' },
			BEN,
			t
		);
		exchange(a, b);
		expect(checkinSchedule(a)).toMatchObject({ weekday: 6, time: '10:00', by: ANA });
		expect(checkinSchedule(b)).toEqual(checkinSchedule(a));
		// A new weekday or time starts judging weeks afresh; only the length keeps `since`.
		expect(checkinSchedule(a)?.since).toBe(t + 5);
		setCheckinSchedule(a, { weekday: 6, time: '10:00', minutes: 40 }, BEN, t + 9);
		expect(checkinSchedule(a)).toMatchObject({ minutes: 40, since: t + 5 });
	});
});

describe('ground rules and prompts', () => {
	test('ground rules written at once on two devices: one wins, the other is kept beside it', () => {
		const { a, b } = space();
		expect(groundRules(a)).toBeUndefined();
		setGroundRules(a, 'We listen to the end.\r\nNo phones.', ANA, 10);
		exchange(a, b);
		setGroundRules(a, 'We listen to the end. No phones. We can pause.', ANA, 20);
		setGroundRules(b, 'We listen to the end. Kind words.', BEN, 21);
		exchange(a, b);
		const rules = groundRules(a);
		expect(rules).toMatchObject({ text: 'We listen to the end. Kind words.', by: BEN });
		expect(rules?.concurrent?.text).toBe('We listen to the end. No phones. We can pause.');
		// Once someone writes on top of both, nothing is left unseen.
		setGroundRules(a, 'Merged by hand.', ANA, 30);
		expect(groundRules(a)?.concurrent).toBeUndefined();
		expect(groundRules(a)?.text).toBe('Merged by hand.');
	});

	test('prompts of their own are added by either partner and retired softly', () => {
		const { a, b } = space();
		const first = addPrompt(a, '  What made you laugh?\n', ANA, 1);
		const second = addPrompt(b, 'What do you need from me?', BEN, 2);
		exchange(a, b);
		expect(customPrompts(a).map((p) => p.text)).toEqual([
			'What made you laugh?',
			'What do you need from me?'
		]);
		if (!first.ok || !second.ok) throw new Error('not added');
		expect(removePrompt(a, second.id, ANA)).toEqual({ ok: false, reason: 'notYours' });
		expect(removePrompt(a, first.id, ANA, 3)).toEqual({ ok: true, id: first.id });
		expect(customPrompts(a)).toHaveLength(1);
		expect(customPrompts(a, true)).toHaveLength(2);
		expect(addPrompt(a, '   ', ANA)).toEqual({ ok: false, reason: 'invalid' });
		expect(roots.settings(a).get(`prompt:${first.id}`)).toMatchObject({ deletedAt: 3 });
	});
});
