import { describe, expect, it } from 'vitest';
import { classifyEmergingHotSpot } from '../stats/emerging-hot-spots';
import { areaRounds, giSeriesOver, roundsKey, type SiteGiHistory } from './emerging-rounds';

const site = (
  idx: number[],
  z: number[],
  bin: number[],
  areaId: number | null = 1,
  campaignId = 1,
): SiteGiHistory => ({
  siteId: 1,
  analyteCode: 'METH',
  areaId,
  campaignId,
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

describe('areaRounds', () => {
  it("leaves Haikou's emerging category unchanged when another area adds rounds of its own", () => {
    // Haikou's cluster site: hot in each of Haikou's six rounds (positions 0, 2, 4, 6, 8, 10).
    const haikou = site([0, 2, 4, 6, 8, 10], [4, 4.1, 3.9, 4, 4.2, 4], [3, 3, 3, 3, 3, 3], 1);
    const alone = classifyEmergingHotSpot(giSeriesOver(haikou, areaRounds([haikou]).get(roundsKey(haikou))!));
    expect(alone.category).toBe('persistent_hot_spot');
    // Dongfang samples monthly: its rounds interleave with Haikou's.
    const dongfang = site([1, 3, 5, 7, 9, 11], [0, 0.1, 0, 0.2, 0, 0.1], [0, 0, 0, 0, 0, 0], 2);
    const rounds = areaRounds([haikou, dongfang]);
    expect(rounds.get(roundsKey(haikou))).toEqual([0, 2, 4, 6, 8, 10]);
    const together = classifyEmergingHotSpot(giSeriesOver(haikou, rounds.get(roundsKey(haikou))!));
    expect(together).toEqual(alone);
  });

  it('keeps a quarterly plant campaign and a monthly venue campaign of one city apart', () => {
    // Plants: hot in each quarterly round; venues sample monthly in the same area.
    const plant = site([0, 1, 2, 3], [4, 4.1, 3.9, 4], [3, 3, 3, 3], 1, 7);
    const venue = site([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], new Array(10).fill(0), new Array(10).fill(0), 1, 8);
    const rounds = areaRounds([plant, venue]);
    expect(rounds.get(roundsKey(plant))).toEqual([0, 1, 2, 3]);
    expect(classifyEmergingHotSpot(giSeriesOver(plant, rounds.get(roundsKey(plant))!)).category).toBe(
      'persistent_hot_spot',
    );
  });
});
