import { describe, expect, it } from 'vitest';
import { giSeriesOver, type SiteGiHistory } from './emerging-history';

const site = (idx: number[], z: number[], bin: number[]): SiteGiHistory => ({
  siteId: 1,
  analyteCode: 'METH',
  idx,
  z,
  bin,
  storedCategory: null,
  storedHotRounds: null,
});

describe('giSeriesOver', () => {
  it('lays a site’s Gi* out over the analyte’s rounds, null where the site had no result', () => {
    const series = giSeriesOver(site([0, 2, 5], [2.7, 3.1, -0.4], [3, 3, 0]), [0, 1, 2, 4, 5]);
    expect(series).toEqual({ z: [2.7, null, 3.1, null, -0.4], bin: [3, null, 3, null, 0] });
  });

  it('keeps only the rounds asked for (the rounds up to the one being alerted)', () => {
    expect(giSeriesOver(site([0, 1, 2], [1, 2, 3], [0, 1, 2]), [0, 1])).toEqual({ z: [1, 2], bin: [0, 1] });
  });
});
