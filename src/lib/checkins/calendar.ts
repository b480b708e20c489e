/**
 * "Add to calendar": the weekly check-in as an iCalendar file, so the phone's own calendar
 * reminds them. Not re-exported from the index: import it lazily where the button is, so the
 * iCalendar library stays out of the first load.
 *
 * The times are floating (no zone): every calendar shows the check-in at the schedule's wall
 * time wherever the phone is, across daylight-saving changes, exactly as the app itself reads the
 * schedule. A zone id would need a VTIMEZONE block that calendars disagree about.
 */
import ical, { ICalAlarmType, ICalEventRepeatingFreq, ICalWeekday } from 'ical-generator';
import type { Instant } from '../schema';
import { toDay, WEEKDAYS } from '../core/calendar';
import { listed } from '../tracker/words';
import type { Schedule } from './model';
import { nextCheckinAt } from './schedule';

/** The name the downloaded file gets. */
export const CALENDAR_FILE_NAME = 'kept-weekly-check-in.ics';
/** The file's media type. */
export const CALENDAR_MEDIA_TYPE = 'text/calendar;charset=utf-8';

const ICAL_WEEKDAYS = [
	ICalWeekday.SU,
	ICalWeekday.MO,
	ICalWeekday.TU,
	ICalWeekday.WE,
	ICalWeekday.TH,
	ICalWeekday.FR,
	ICalWeekday.SA
];

/**
 * iCalendar text for the weekly check-in, starting with the next one at or after `now`. The UID
 * stays the same across schedule changes, and SEQUENCE (minutes of `updatedAt`) goes up.
 */
export function checkinCalendar(
	schedule: Pick<Schedule, 'weekday' | 'time' | 'minutes' | 'timeZone'> & { updatedAt?: Instant },
	partnerNames: readonly string[],
	now: Instant = Date.now(),
	uid = 'kept-weekly-check-in'
): string {
	const [y, m, d] = toDay(nextCheckinAt(schedule, now)).split('-').map(Number);
	const [hh, mm] = schedule.time.split(':').map(Number);
	// A floating time is written from the Date's UTC fields, so they carry the wall time.
	const start = new Date(Date.UTC(y, m - 1, d, hh, mm));
	const end = new Date(start.getTime() + schedule.minutes * 60_000);
	const names = partnerNames.map((n) => n.trim()).filter(Boolean);
	const zone = schedule.timeZone ? ` (${schedule.timeZone} time)` : '';
	const calendar = ical({
		name: 'Kept',
		prodId: { company: 'Kept', product: 'Kept', language: 'EN' }
	});
	calendar.createEvent({
		id: uid,
		start,
		end,
		floating: true,
		stamp: new Date(now),
		// Same UID, higher SEQUENCE: a calendar importing a changed time updates the event it has.
		sequence: schedule.updatedAt ? Math.floor(schedule.updatedAt / 60_000) : 0,
		summary: 'Our weekly check-in',
		description:
			`A calm, regular time${names.length ? ` for ${listed(names)}` : ''}: ` +
			`every ${WEEKDAYS[schedule.weekday]} at ${schedule.time}${zone}, ` +
			`${schedule.minutes} minutes. Open Kept when you are both ready.`,
		repeating: { freq: ICalEventRepeatingFreq.WEEKLY, byDay: [ICAL_WEEKDAYS[schedule.weekday]] },
		alarms: [{ type: ICalAlarmType.display, trigger: 15 * 60 }]
	});
	return calendar.toString();
}
