/**
 * Whether `text` is a real calendar day written `YYYY-MM-DD` (2026-02-30 is not).
 * @example isCalendarDay('2026-03-10') // true
 */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}
