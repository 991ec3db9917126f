import { describe, expect, it } from 'vitest';
import { openCountOfSummary } from './alerts-api';

describe('openCountOfSummary', () => {
  it('reads the open count of the server’s summary', () => {
    expect(
      openCountOfSummary({
        open: 77,
        acknowledged: 1,
        escalated: 0,
        live: 78,
        openBySeverity: { high: 3, medium: 10, low: 64 },
      }),
    ).toBe(77);
  });

  it('reads nested shapes, and null when there is no count', () => {
    expect(openCountOfSummary({ byStatus: { open: 4 } })).toBe(4);
    expect(openCountOfSummary({ counts: { open: 0 } })).toBe(0);
    expect(openCountOfSummary({ total: 'many' })).toBeNull();
    expect(openCountOfSummary(null)).toBeNull();
  });
});
