import { describe, expect, it } from 'vitest';
import { isCalendarDay, isClockTime, localDateTime } from './calendar-day';

describe('isCalendarDay', () => {
  it('takes a real day written YYYY-MM-DD and nothing else', () => {
    expect(isCalendarDay('2026-03-10')).toBe(true);
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-3-10')).toBe(false);
    expect(isCalendarDay('03/10/2026')).toBe(false);
    expect(isCalendarDay('2026-03-1')).toBe(false);
  });
});

describe('isClockTime', () => {
  it('takes a time of day written HH:MM on a 24-hour clock and nothing else', () => {
    expect(isClockTime('14:30')).toBe(true);
    expect(isClockTime('00:05')).toBe(true);
    expect(isClockTime('23:59')).toBe(true);
    expect(isClockTime('24:00')).toBe(false);
    expect(isClockTime('9:05')).toBe(false);
    expect(isClockTime('2:30 PM')).toBe(false);
  });
});

describe('localDateTime', () => {
  it('joins a whole day and time, and nothing while either is half-typed', () => {
    expect(localDateTime('2026-03-10', '14:30')).toBe('2026-03-10T14:30');
    expect(localDateTime('2026-03-10', '14:3')).toBe('');
    expect(localDateTime('2026-03-1', '14:30')).toBe('');
  });
});
