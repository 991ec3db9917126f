import type { Queryable } from '@skywater/core/db/db';
import type { GiStarSeries } from '@skywater/core/stats/emerging-hot-spots';
import { ROUND_ORDER_SQL } from './round-order';

/** One site × analyte's Gi* over the rounds with results, with its stored emerging pattern. */
export interface SiteGiHistory {
  siteId: number;
  analyteCode: string;
  /** The site's survey area (null: none); its rounds are its area's rounds, nobody else's. */
  areaId: number | null;
  /** Round positions (oldest 0), ascending, and the z and bin of each. */
  idx: number[];
  z: number[];
  bin: number[];
  storedCategory: string | null;
  storedHotRounds: number | null;
}

export interface GiHistory {
  /** Per area and analyte (`roundsKey`), the round positions with any result there (ascending). */
  rounds: Map<string, number[]>;
  sites: SiteGiHistory[];
}

/**
 * Every site's Gi* history (hotspot_results over all rounds), one row per site × analyte with
 * arrays ordered by round, and the pattern stored in emerging_hotspots: one query.
 */
export async function loadGiHistory(tx: Queryable): Promise<GiHistory> {
  const { rows } = await tx.query<{
    site_id: number;
    area_id: number | null;
    analyte_code: string;
    idx: number[];
    z: number[];
    bin: number[];
    category: string | null;
    hot_rounds: number | null;
  }>(
    `with round_order as (${ROUND_ORDER_SQL}),
     h as (
       select h.site_id, h.analyte_code, array_agg(ro.idx order by ro.idx) as idx,
              array_agg(h.gi_z order by ro.idx) as z, array_agg(h.bin::int order by ro.idx) as bin
         from hotspot_results h join round_order ro on ro.id = h.round_id
        group by h.site_id, h.analyte_code)
     select h.*, st.area_id, e.category, e.hot_rounds
       from h join sites st on st.id = h.site_id
       left join emerging_hotspots e on e.site_id = h.site_id and e.analyte_code = h.analyte_code`,
  );
  const sites: SiteGiHistory[] = rows.map((r) => {
    const idx = r.idx.map(Number);
    return {
      siteId: Number(r.site_id),
      analyteCode: r.analyte_code,
      areaId: r.area_id === null ? null : Number(r.area_id),
      idx,
      z: r.z.map(Number),
      bin: r.bin.map(Number),
      storedCategory: r.category,
      storedHotRounds: r.hot_rounds,
    };
  });
  return { rounds: areaRounds(sites), sites };
}

/** The key of a site's rounds in `GiHistory.rounds`. */
export function roundsKey(site: Pick<SiteGiHistory, 'areaId' | 'analyteCode'>): string {
  return `${site.areaId ?? 'none'}:${site.analyteCode}`;
}

/**
 * The rounds of each area and analyte: those in which some site of the area has a Gi* result.
 * Emerging patterns are classified over these, so rounds another area (another city's campaign)
 * adds change nothing here: Haikou's persistent cluster stays persistent when Dongfang samples
 * more often.
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
