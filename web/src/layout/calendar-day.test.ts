import { describe, expect, it } from 'vitest';
import { isCalendarDay } from './calendar-day';

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
