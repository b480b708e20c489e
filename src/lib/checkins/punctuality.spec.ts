import { describe, expect, test } from 'vitest';
import { postponeCheckin, startCheckin } from './lifecycle';
import { ANA, BEN, MONDAY, SUNDAY, at, space } from './fixtures';
import { checkinPunctuality, checkinTimes } from './punctuality';
import { checkinIdOf, setCheckinSchedule } from './schedule';

const ID = checkinIdOf(MONDAY);
const AFTER = at('2026-03-09', '09:00');

describe('punctuality and the grace window', () => {
	test('started on time, or 9 minutes late, is on time; 11 minutes late is not', () => {
		for (const [start, onTime] of [
			['20:00', 1],
			['19:55', 1],
			['20:09', 1],
			['20:10', 1],
			['20:11', 0]
		] as const) {
			const { a } = space();
			startCheckin(a, ID, ANA, at(SUNDAY, start));
			const p = checkinPunctuality(a, AFTER);
			expect({ start, considered: p.considered, onTime: p.onTime }).toEqual({
				start,
				considered: 1,
				onTime
			});
		}
	});

	test('the couple’s own grace window is the one applied', () => {
		const { a } = space();
		startCheckin(a, ID, ANA, at(SUNDAY, '20:12'));
		expect(checkinPunctuality(a, AFTER).onTime).toBe(0);
		setCheckinSchedule(a, { weekday: 0, time: '20:00', minutes: 45, graceMinutes: 15 }, BEN);
		expect(checkinPunctuality(a, AFTER).onTime).toBe(1);
	});

	test('postponed ahead of time is not late: waiting, then judged against the new time', () => {
		const { a } = space();
		const to = at(SUNDAY, '21:00');
		postponeCheckin(a, ID, BEN, to, at(SUNDAY, '18:00'));
		const waiting = checkinPunctuality(a, at(SUNDAY, '20:30'));
		expect(waiting).toMatchObject({ considered: 0, postponedInTime: 1, notHeld: 0 });
		startCheckin(a, ID, ANA, at(SUNDAY, '21:05'));
		expect(checkinTimes(a, AFTER)).toEqual([{ plannedAt: to, startedAt: at(SUNDAY, '21:05') }]);
		expect(checkinPunctuality(a, AFTER)).toMatchObject({
			considered: 1,
			onTime: 1,
			medianLateMinutes: 5
		});
	});

	test('postponed within the grace window still counts as in time', () => {
		const { a } = space();
		postponeCheckin(a, ID, BEN, at(SUNDAY, '21:00'), at(SUNDAY, '20:08'));
		startCheckin(a, ID, ANA, at(SUNDAY, '21:00'));
		expect(checkinPunctuality(a, AFTER)).toMatchObject({ considered: 1, onTime: 1 });
	});

	test('postponed only after the window keeps the original time: honest, not hidden', () => {
		const { a } = space();
		postponeCheckin(a, ID, BEN, at(SUNDAY, '21:00'), at(SUNDAY, '20:30'));
		startCheckin(a, ID, ANA, at(SUNDAY, '21:00'));
		expect(checkinPunctuality(a, AFTER)).toMatchObject({
			considered: 1,
			onTime: 0,
			medianLateMinutes: 60
		});
	});

	test('a week of the schedule nobody started counts as not held; before the schedule, nothing', () => {
		const { a } = space();
		startCheckin(a, checkinIdOf('2026-03-09'), ANA, at('2026-03-15', '20:00'));
		const p = checkinPunctuality(a, at('2026-03-16', '09:00'));
		expect(p).toMatchObject({ considered: 2, onTime: 1, notHeld: 1 });
		expect(checkinTimes(a, at('2026-03-16', '09:00'))[0]).toEqual({
			plannedAt: at(SUNDAY, '20:00')
		});
	});
});
