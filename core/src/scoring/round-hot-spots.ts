import { hotSpotAnalysis } from '../stats/getis-ord';
import { projectToLocalPlane } from '../stats/local-metric-projection';
import {
  buildNeighbours,
  type NeighbourhoodSpec,
  type PlanarPoint,
  type SpatialNeighbours,
} from '../stats/spatial-neighbours';
import { assembleSeries, type LoadedMeasurement, type SeriesBasis } from './series-points';

/** Fewest sites with a value for a Gi* analysis of one analyte in one area and round. */
export const HOTSPOT_MIN_SITES = 8;
/** At least this share of those values must be quantified (not LOQ/2 substitutes). */
export const HOTSPOT_MIN_QUANTIFIED_SHARE = 0.5;

export interface RoundMeasurement extends LoadedMeasurement {
  siteId: number;
  /** The site's survey area: Gi* compares a site with the other sites of its own area. */
  areaId: number | null;
  lon: number;
  lat: number;
}

export interface HotSpotRow {
  siteId: number;
  analyteCode: string;
  areaId: number | null;
  value: number;
  basis: SeriesBasis;
  giZ: number;
  giP: number;
  bin: number;
  neighbourCount: number;
  ownZ: number;
}

/**
 * Gi* of one round, per area and analyte: on ln(value) of each site's scored value (normalised
 * load when every site of the group has flow and population, else concentration; below LOQ as
 * LOQ/2), binary weights from `neighbourhood`, FDR-corrected 90/95/99 % bins. Loads are close to
 * log-normal across sites (a few venues carry most of the load), and Gi*'s normal z is poor on
 * such skew; the log makes "high" mean "several times the typical site". A group is skipped when
 * it has fewer than 8 sites or fewer than half quantified: a map of LOQ/2 substitutes has no
 * spatial information, and one detection among non-detects is a first detection, not a cluster.
 * Yields to the event loop between analytes (`pause`), so a large round cannot starve BullMQ's
 * lock renewal.
 */
export async function roundHotSpots(
  measurements: readonly RoundMeasurement[],
  neighbourhood: NeighbourhoodSpec,
  pause: () => Promise<void>,
): Promise<HotSpotRow[]> {
  // group → analyte → site → rows
  const groups = new Map<string, Map<string, Map<number, RoundMeasurement[]>>>();
  for (const m of measurements) {
    const groupKey = String(m.areaId ?? 'none');
    let byAnalyte = groups.get(groupKey);
    if (!byAnalyte) groups.set(groupKey, (byAnalyte = new Map()));
    let bySite = byAnalyte.get(m.analyteCode);
    if (!bySite) byAnalyte.set(m.analyteCode, (bySite = new Map()));
    const list = bySite.get(m.siteId);
    if (list) list.push(m);
    else bySite.set(m.siteId, [m]);
  }
  const results: HotSpotRow[] = [];
  const neighbourCache = new Map<string, { points: PlanarPoint[]; weights: SpatialNeighbours }>();
  for (const byAnalyte of groups.values()) {
    for (const [analyteCode, bySite] of byAnalyte) {
      const siteRows = [...bySite.values()];
      if (siteRows.length < HOTSPOT_MIN_SITES) continue;
      const allRows = siteRows.flat();
      const basis: SeriesBasis = assembleSeries(allRows).basis;
      const sites: {
        siteId: number;
        areaId: number | null;
        lon: number;
        lat: number;
        value: number;
        quantified: boolean;
      }[] = [];
      for (const rows of siteRows) {
        const forced = basis === 'concentration' ? rows.map((r) => ({ ...r, flowM3PerDay: null })) : rows;
        const point = assembleSeries(forced).points[0];
        if (!point || point.value === null || !(point.value > 0)) continue;
        const first = rows[0]!;
        sites.push({
          siteId: first.siteId,
          areaId: first.areaId,
          lon: first.lon,
          lat: first.lat,
          value: point.value,
          quantified: !point.substituted,
        });
      }
      const quantified = sites.filter((s) => s.quantified).length;
      if (sites.length < HOTSPOT_MIN_SITES || quantified < HOTSPOT_MIN_QUANTIFIED_SHARE * sites.length)
        continue;
      const cacheKey = sites.map((s) => s.siteId).join(',');
      let neighbours = neighbourCache.get(cacheKey);
      if (!neighbours) {
        const plane = projectToLocalPlane(sites);
        neighbours = { points: plane.points, weights: buildNeighbours(plane.points, neighbourhood) };
        neighbourCache.set(cacheKey, neighbours);
      }
      const logValues = Float64Array.from(sites, (s) => Math.log(s.value));
      let mean = 0;
      for (const v of logValues) mean += v;
      mean /= logValues.length;
      let variance = 0;
      for (const v of logValues) variance += (v - mean) ** 2;
      const sd = Math.sqrt(variance / logValues.length);
      const analysis = hotSpotAnalysis(neighbours.points, logValues, neighbours.weights);
      sites.forEach((s, i) =>
        results.push({
          siteId: s.siteId,
          analyteCode,
          areaId: s.areaId,
          value: s.value,
          basis,
          giZ: analysis.z[i]!,
          giP: analysis.pValue[i]!,
          bin: analysis.bin[i]!,
          neighbourCount: analysis.neighbourCount[i]!,
          ownZ: sd > 0 ? (logValues[i]! - mean) / sd : 0,
        }),
      );
      await pause();
    }
  }
  return results;
}
