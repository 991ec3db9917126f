import { describe, expect, it } from 'vitest';
import { boundScopeId, boundsInForce, type PlausibilityBound } from './plausibility-api';

const bound = (over: Partial<PlausibilityBound>): PlausibilityBound => ({
  quantity: 'flow',
  analyteCode: null,
  siteKind: 'wwtp',
  hardMin: 0,
  hardMinExclusive: true,
  hardMax: 1e7,
  softMin: null,
  softMax: 3e6,
  source: 'default',
  ...over,
});

describe('boundsInForce', () => {
  it('lets a stored bound replace the default of its scope and keeps the others, quantities in order', () => {
    const inForce = boundsInForce({
      units: { concentration: 'ng/L', flow: 'm³/d', population: 'persons', recovery: '%' },
      defaults: [
        bound({}),
        bound({ siteKind: 'venue', hardMax: 1e6 }),
        bound({ quantity: 'concentration', siteKind: null }),
      ],
      stored: [bound({ hardMax: 8e6, source: 'office' })],
    });
    expect(inForce.map((b) => [boundScopeId(b), b.hardMax, b.stored])).toEqual([
      ['concentration:*:*', 1e7, false],
      ['flow:*:venue', 1e6, false],
      ['flow:*:wwtp', 8e6, true],
    ]);
  });
});
