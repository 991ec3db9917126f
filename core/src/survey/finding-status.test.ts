import { describe, expect, it } from 'vitest';
import { nextFindingStatus } from './finding-status';

describe('finding status transitions', () => {
  it('carries a finding through verification, eradication and a clear re-survey', () => {
    const verified = nextFindingStatus('suspected', 'verify', 'confirmed');
    const eradicated = nextFindingStatus(verified, 'eradicate');
    expect([verified, eradicated, nextFindingStatus(eradicated, 'resurvey', 'clear')]).toEqual([
      'verified',
      'eradicated',
      'resurveyed',
    ]);
  });

  it('sends a plot found growing again at re-survey back to verified', () => {
    expect(nextFindingStatus('resurveyed', 'resurvey', 'regrowth')).toBe('verified');
  });

  it('rejects when the ground team finds nothing', () => {
    expect(nextFindingStatus('suspected', 'verify', 'not_found')).toBe('rejected');
  });

  it('refuses impossible transitions with 422 invalid_transition', () => {
    expect(() => nextFindingStatus('suspected', 'eradicate')).toThrow(/cannot be eradicated/);
    expect(() => nextFindingStatus('rejected', 'verify', 'confirmed')).toThrow(
      expect.objectContaining({ status: 422, code: 'invalid_transition' }),
    );
  });

  it('refuses a verification without a fitting outcome', () => {
    expect(() => nextFindingStatus('suspected', 'verify')).toThrow(
      expect.objectContaining({ code: 'invalid_outcome' }),
    );
  });
});
