import { describe, expect, test } from 'vitest';
import ICAL from 'ical.js';
import { checkinCalendar } from './calendar';
import { MONDAY, at } from './fixtures';

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const vevent = calendar.getFirstSubcomponent('vevent');
	if (!vevent) throw new Error('no event');
	return { calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('the calendar file', () => {
	const schedule = { weekday: 0, time: '20:00', minutes: 45 };

	test('parses back as a weekly event at the planned wall time, for its length', () => {
		const text = checkinCalendar(schedule, ['Ana', 'Ben; "B"'], at(MONDAY, '09:00'));
		expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
		const { vevent, event } = parse(text);
		const rule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur;
		expect(rule.freq).toBe('WEEKLY');
		expect(rule.parts.BYDAY).toEqual(['SU']);
		expect(rule.count ?? null).toBeNull();
		expect(rule.until ?? null).toBeNull();
		// Floating: 20:00 on whatever zone the phone is in, across daylight-saving changes.
		expect(event.startDate.toString()).toBe('2026-03-08T20:00:00');
		expect(event.startDate.zone?.tzid).toBe('floating');
		expect(event.duration.toSeconds()).toBe(45 * 60);
		expect(event.summary).toBe('Our weekly check-in');
		expect(event.description).toContain('Ana and Ben; "B"');
		expect(event.uid).toBe('kept-weekly-check-in');
		expect(event.sequence).toBe(0);
		const alarm = vevent.getFirstSubcomponent('valarm');
		expect(alarm?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT15M');
		const it = event.iterator();
		const next = [it.next(), it.next(), it.next()].map((t) => t?.toString());
		expect(next).toEqual(['2026-03-08T20:00:00', '2026-03-15T20:00:00', '2026-03-22T20:00:00']);
	});

	test('starts with the next check-in and names the schedule’s zone when it has one', () => {
		const text = checkinCalendar(
			{
				weekday: 3,
				time: '07:15',
				minutes: 30,
				timeZone: 'Europe/Berlin',
				updatedAt: 1_772_000_000_000
			},
			[],
			at('2026-03-04', '08:00')
		);
		const { event } = parse(text);
		expect(event.startDate.toString()).toBe('2026-03-11T07:15:00');
		expect(event.endDate.toString()).toBe('2026-03-11T07:45:00');
		expect(event.description).toContain('every Wednesday at 07:15 (Europe/Berlin time)');
		expect(event.sequence).toBe(29_533_333);
	});
});
