/** The journal's dates, written the app's one way (`core/time.ts`). */
export { shortDate, weekdayDate as longDate } from '../core/time';
