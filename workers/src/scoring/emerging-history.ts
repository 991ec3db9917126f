import type { Queryable } from '@skywater/core/db/db';
import type { GiStarSeries } from '@skywater/core/stats/emerging-hot-spots';
import { ROUND_ORDER_SQL } from './round-order';

/** One site × analyte's Gi* over the rounds with results, with its stored emerging pattern. */
export interface SiteGiHistory {
  siteId: number;
  analyteCode: string;
  /** Round positions (oldest 0), ascending, and the z and bin of each. */
  idx: number[];
  z: number[];
  bin: number[];
  storedCategory: string | null;
  storedHotRounds: number | null;
}

export interface GiHistory {
  /** Per analyte, the round positions with any result for it (ascending). */
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
     select h.*, e.category, e.hot_rounds
       from h left join emerging_hotspots e on e.site_id = h.site_id and e.analyte_code = h.analyte_code`,
  );
  const roundSets = new Map<string, Set<number>>();
  const sites: SiteGiHistory[] = rows.map((r) => {
    let set = roundSets.get(r.analyte_code);
    if (!set) roundSets.set(r.analyte_code, (set = new Set()));
    const idx = r.idx.map(Number);
    for (const i of idx) set.add(i);
    return {
      siteId: Number(r.site_id),
      analyteCode: r.analyte_code,
      idx,
      z: r.z.map(Number),
      bin: r.bin.map(Number),
      storedCategory: r.category,
      storedHotRounds: r.hot_rounds,
    };
  });
  const rounds = new Map([...roundSets].map(([code, set]) => [code, [...set].sort((a, b) => a - b)]));
  return { rounds, sites };
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
