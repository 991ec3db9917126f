import { describe, expect, it } from 'vitest';
import { parseLabDateTime } from './lab-dates';

function iso(cell: string | number | Date, defaultOffsetMinutes?: number): string {
  const parsed = parseLabDateTime(cell, defaultOffsetMinutes === undefined ? {} : { defaultOffsetMinutes });
  if (!parsed.ok) throw new Error(`${String(cell)} → ${parsed.code}`);
  return parsed.value.toISOString();
}

describe('lab date-times', () => {
  it('reads the ways Chinese labs write 24 March 2025, 08:00 Beijing time', () => {
    for (const text of [
      '2025/3/24 8:00',
      '2025-03-24 08:00',
      '2025-03-24T08:00',
      '2025年3月24日 08:00',
      '2025年3月24日8时',
      '2025年3月24日8时0分',
      '2025年3月24日 上午8点',
      '2025.03.24 08:00:00',
      '２０２５/３/２４ ８:００',
    ]) {
      expect(iso(text), text).toBe('2025-03-24T00:00:00.000Z');
    }
  });

  it('honours an explicit offset or Z', () => {
    expect(iso('2025-03-24T08:00:00+08:00')).toBe('2025-03-24T00:00:00.000Z');
    expect(iso('2025-03-24T08:00:00Z')).toBe('2025-03-24T08:00:00.000Z');
    expect(iso('2025-03-24T08:00:00.500-0500')).toBe('2025-03-24T13:00:00.500Z');
  });

  it('reads the afternoon in Chinese', () => {
    expect(iso('2025年3月24日 下午2点30分')).toBe('2025-03-24T06:30:00.000Z');
  });

  it('reads a date alone as midnight Beijing time', () => {
    expect(iso('2025-03-24')).toBe('2025-03-23T16:00:00.000Z');
    expect(iso('20250324')).toBe('2025-03-23T16:00:00.000Z');
  });

  it('reads Excel serial numbers (45740 is 2025-03-24) as Beijing wall-clock time', () => {
    expect(iso(45740)).toBe('2025-03-23T16:00:00.000Z');
    expect(iso(45740 + 8 / 24)).toBe('2025-03-24T00:00:00.000Z');
    expect(iso('45740.5')).toBe('2025-03-24T04:00:00.000Z');
  });

  it('reads an ExcelJS date cell (UTC fields hold the wall-clock time)', () => {
    expect(iso(new Date(Date.UTC(2025, 2, 24, 8, 0)))).toBe('2025-03-24T00:00:00.000Z');
  });

  it('uses another default zone when told', () => {
    expect(iso('2025-03-24 08:00', 0)).toBe('2025-03-24T08:00:00.000Z');
  });

  it('refuses impossible dates and text with invalid_date', () => {
    for (const text of [
      '2025-02-29 08:00',
      '2025-13-01',
      '2025/3/24 25:00',
      '24/03/2025',
      'yesterday',
      '=NOW()',
    ]) {
      expect(parseLabDateTime(text), text).toMatchObject({ ok: false, code: 'invalid_date' });
    }
    expect(parseLabDateTime(12)).toMatchObject({ ok: false, code: 'invalid_date' });
  });

  it('calls an empty cell missing_value', () => {
    expect(parseLabDateTime('  ')).toEqual({ ok: false, code: 'missing_value' });
  });
});
