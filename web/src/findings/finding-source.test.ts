import { describe, expect, it } from 'vitest';
import { defaultFindingSource } from './finding-source';

describe('defaultFindingSource', () => {
  it('starts a ground team (a pilot) on "ground" and an analyst or admin on "analyst"', () => {
    expect(defaultFindingSource(['pilot'])).toBe('ground');
    expect(defaultFindingSource(['analyst'])).toBe('analyst');
    expect(defaultFindingSource(['admin'])).toBe('analyst');
    expect(defaultFindingSource(['pilot', 'analyst'])).toBe('analyst');
  });
});
