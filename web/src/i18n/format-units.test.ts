import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDistanceM,
  formatDurationS,
  formatAreaKm2,
  formatConcentrationNgL,
  formatCoveredOfTotalKm2,
  formatDate,
  formatDateTime,
  formatLoadPer1000,
  formatPercent,
  formatPosition,
} from './format-units';

describe('number formats with units', () => {
  it('writes Haikou’s surveyed area against its total as the teams report it', () => {
    expect(formatCoveredOfTotalKm2(612, 850, 'zh-CN')).toBe('612 / 850 km²');
    expect(formatCoveredOfTotalKm2(612.4, 850, 'en')).toBe('612 / 850 km²');
  });

  it('groups thousands: Dongfang’s 1,130 km²', () => {
    expect(formatAreaKm2(1130, 'zh-CN')).toBe('1,130 km²');
    expect(formatAreaKm2(12.46, 'en')).toBe('12.5 km²');
  });

  it('writes coverage as a percentage with at most one decimal', () => {
    expect(formatPercent(72, 'zh-CN')).toBe('72%');
    expect(formatPercent(72.04, 'en')).toBe('72%');
    expect(formatPercent(5.25, 'en')).toBe('5.3%');
    expect(formatPercent(0.0035, 'zh-CN')).toBe('<0.1%');
    expect(formatPercent(0, 'en')).toBe('0%');
  });

  it('writes loads and concentrations with their units in each language', () => {
    expect(formatLoadPer1000(35.24, 'zh-CN')).toBe('35.2 mg/d/1000人');
    expect(formatLoadPer1000(35.24, 'en')).toBe('35.2 mg/day/1000 people');
    expect(formatConcentrationNgL(0.5, 'en')).toBe('0.5 ng/L');
  });
});

describe('formatDateTime', () => {
  it('writes a date and time as 2024-03-05 14:30 (one form in both languages), as the fields take it', () => {
    const iso = '2024-03-05T14:30:00+08:00';
    expect(formatDateTime(iso, 'Asia/Shanghai')).toBe('2024-03-05 14:30');
    expect(formatDateTime('2024-03-05T00:05:00+08:00', 'Asia/Shanghai')).toBe('2024-03-05 00:05');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('formatDate', () => {
  it('writes a day as 2026-03-10 (one form in both languages), as the date fields take it', () => {
    expect(formatDate('2026-03-10')).toBe('2026-03-10');
    expect(formatDate('2026-03-10T14:30:00+08:00')).toMatch(/^2026-03-1[01]$/);
  });
});

describe('formatCoveredOfTotalKm2', () => {
  it('shows a first small flight’s coverage instead of rounding it to nothing', () => {
    expect(formatCoveredOfTotalKm2(0.0312, 849.99, 'zh-CN')).toBe('0.03 / 850 km²');
    expect(formatCoveredOfTotalKm2(612.4, 849.99, 'en')).toBe('612 / 850 km²');
  });
});

describe('file sizes, distances and durations', () => {
  it('writes file sizes in binary units', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024, 'zh-CN')).toBe('3 MB');
  });

  it('writes a flight of 2,916 m as 2.9 km and 417 s as 6 min 57 s', () => {
    expect(formatDistanceM(2916, 'en')).toBe('2.9 km');
    expect(formatDistanceM(850, 'zh-CN')).toBe('850 m');
    expect(formatDurationS(417.076, 'en')).toBe('6 min 57 s');
    expect(formatDurationS(417.076, 'zh-CN')).toBe('6分57秒');
  });

  it('writes a GeoJSON position latitude first, in both languages, to 5 or 4 decimals', () => {
    expect(formatPosition([110.312345, 20.045123], 'en')).toBe('20.04512°N 110.31235°E');
    expect(formatPosition([110.312345, 20.045123], 'zh-CN')).toBe('20.04512°N 110.31235°E');
    expect(formatPosition([110.4212, 19.8231], 'en', 4)).toBe('19.8231°N 110.4212°E');
  });
});
