/**
 * Whether `text` is a real calendar day written `YYYY-MM-DD` (2026-02-30 is not).
 * @example isCalendarDay('2026-03-10') // true
 */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/**
 * A time of day written `HH:MM` on a 24-hour clock, as an input's `pattern` (which matches the
 * whole value) and, anchored, for isClockTime: one definition for the field and the check.
 */
export const CLOCK_TIME_PATTERN = '([01]\\d|2[0-3]):[0-5]\\d';
const clockTime = new RegExp(`^(?:${CLOCK_TIME_PATTERN})$`);

/**
 * Whether `text` is a time of day written `HH:MM` on a 24-hour clock (24:00 and 9:5 are not).
 * @example isClockTime('14:30') // true
 */
export function isClockTime(text: string): boolean {
  return clockTime.test(text);
}

/**
 * A day and a time of day as one local date-time, `2026-03-10T14:30` (what `new Date` reads as
 * the browser's local time), or '' unless both are whole.
 * @example localDateTime('2026-03-10', '14:30') // '2026-03-10T14:30'
 */
export function localDateTime(day: string, time: string): string {
  return isCalendarDay(day) && isClockTime(time) ? `${day}T${time}` : '';
}
