import type { GiStarSeries } from '../stats/emerging-hot-spots';

/** One site × analyte's Gi* over the rounds with results, with its stored emerging pattern. */
export interface SiteGiHistory {
  siteId: number;
  analyteCode: string;
  /** The site's survey area (null: none); its rounds are its area's rounds, nobody else's. */
  areaId: number | null;
  /** The site's sampling campaign (the campaign of its latest sample); its rounds are that campaign's. */
  campaignId: number;
  /** Round positions (oldest 0), ascending, and the z and bin of each. */
  idx: number[];
  z: number[];
  bin: number[];
  storedCategory: string | null;
  storedHotRounds: number | null;
}

/** The key of a site's rounds in `GiHistory.rounds`. */
export function roundsKey(site: Pick<SiteGiHistory, 'campaignId' | 'areaId' | 'analyteCode'>): string {
  return `${site.campaignId}:${site.areaId ?? 'none'}:${site.analyteCode}`;
}

/**
 * The rounds of each campaign, area and analyte: those of the campaign in which some site of the
 * area has a Gi* result. Emerging patterns are classified over these, so rounds another area
 * adds (another city's campaign, or the same shared campaign) and rounds of another campaign in
 * the same city (monthly venues beside quarterly plants) change nothing here: Haikou's
 * persistent cluster stays persistent when Dongfang samples more often.
 */
export function areaRounds(sites: readonly SiteGiHistory[]): Map<string, number[]> {
  const sets = new Map<string, Set<number>>();
  for (const site of sites) {
    const key = roundsKey(site);
    let set = sets.get(key);
    if (!set) sets.set(key, (set = new Set()));
    for (const i of site.idx) set.add(i);
  }
  return new Map([...sets].map(([key, set]) => [key, [...set].sort((a, b) => a - b)]));
}

/** The z and bin of a site for each of `rounds` (null where it had no result), for classifyEmergingHotSpot. */
export function giSeriesOver(site: SiteGiHistory, rounds: readonly number[]): GiStarSeries {
  const z: (number | null)[] = new Array(rounds.length);
  const bin: (number | null)[] = new Array(rounds.length);
  let k = 0;
  for (let i = 0; i < rounds.length; i++) {
    while (k < site.idx.length && site.idx[k]! < rounds[i]!) k++;
    const present = k < site.idx.length && site.idx[k] === rounds[i];
    z[i] = present ? site.z[k]! : null;
    bin[i] = present ? site.bin[k]! : null;
  }
  return { z, bin };
}
