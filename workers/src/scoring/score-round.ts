import { z } from 'zod';
import type { AlertSignal } from '@skywater/core/alerts/alert-signal';
import { hotspotSignal } from '@skywater/core/alerts/hotspot-signal';
import type { Queryable } from '@skywater/core/db/db';
import { classifyEmergingHotSpot } from '@skywater/core/stats/emerging-hot-spots';
import type { NeighbourhoodSpec } from '@skywater/core/stats/spatial-neighbours';
import type { Processor } from '../processor';
import { raiseAlerts, type RaiseOutcome } from '../alerts/raise-alerts';
import { loadRoundMeasurements } from './load-round';
import { roundHotSpots, type HotSpotRow } from './round-hot-spots';
import { ROUND_ORDER_SQL } from './round-order';

/** Default distance band of the Gi* weights, metres: about a district's walkable block (see docs). */
export const DEFAULT_HOTSPOT_DISTANCE_BAND_M = 1500;

export const scoreRoundData = z.object({
  roundId: z.coerce.number().int().positive(),
  batchId: z.union([z.number(), z.string()]).nullish(),
  /** Overrides of the neighbourhood (default: distance band of 1,500 m). */
  distanceBandM: z.number().positive().max(100_000).optional(),
  kNearest: z.number().int().min(1).max(50).optional(),
});

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const WRITE_CHUNK = 5_000;

export interface ScoreRoundOutcome {
  sites: number;
  analytes: number;
  hotSpots: number;
  emergingChanged: number;
  alerts: RaiseOutcome;
}

/**
 * `hotspots/score-round`: Gi* hot spots of one round for every analyte (hotspot_results), the
 * emerging hot spot pattern of every site over all rounds (emerging_hotspots) and the hot spot
 * alerts. The maths runs outside any transaction and yields between analytes; the writes run in
 * one transaction under an advisory lock shared by all score-round jobs, so the last job to
 * commit classifies the emerging patterns with every round's results in view.
 */
export const scoreRound: Processor = async (job, { db }) => {
  const data = scoreRoundData.parse(job.data);
  const neighbourhood: NeighbourhoodSpec = data.kNearest
    ? { kind: 'k_nearest', k: data.kNearest }
    : { kind: 'distance_band', thresholdM: data.distanceBandM ?? DEFAULT_HOTSPOT_DISTANCE_BAND_M };
  const measurements = await loadRoundMeasurements(db, data.roundId);
  const results = await roundHotSpots(measurements, neighbourhood, yieldToEventLoop);
  const analytes = [...new Set(results.map((r) => r.analyteCode))];
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('score-round'))`);
    await writeResults(tx, data.roundId, results, neighbourhood);
    const history = await loadHistory(tx, analytes);
    const roundIndex = await roundIndexOf(tx, data.roundId);
    const emergingChanged = await writeEmerging(tx, history);
    const signals = hotspotSignals(results, history, data.roundId, roundIndex);
    const alerts = await raiseAlerts(tx, signals);
    return {
      sites: new Set(results.map((r) => r.siteId)).size,
      analytes: analytes.length,
      hotSpots: results.filter((r) => r.bin > 0).length,
      emergingChanged,
      alerts,
    } satisfies ScoreRoundOutcome;
  });
};

async function writeResults(
  tx: Queryable,
  roundId: number,
  results: readonly HotSpotRow[],
  neighbourhood: NeighbourhoodSpec,
): Promise<void> {
  await tx.query(`delete from hotspot_results where round_id = $1`, [roundId]);
  const params = JSON.stringify({ neighbourhood, values: 'ln(value)', fdr: true, star: true });
  for (let start = 0; start < results.length; start += WRITE_CHUNK) {
    const chunk = results.slice(start, start + WRITE_CHUNK).map((r) => ({
      site_id: r.siteId,
      analyte_code: r.analyteCode,
      value: r.value,
      basis: r.basis,
      gi_z: r.giZ,
      gi_p: Math.min(1, Math.max(0, r.giP)),
      bin: r.bin,
      neighbour_count: r.neighbourCount,
      own_z: r.ownZ,
    }));
    await tx.query(
      `insert into hotspot_results (round_id, analyte_code, site_id, value, basis, gi_z, gi_p, bin, neighbour_count,
         own_z, params)
       select $1, r.analyte_code, r.site_id, r.value, r.basis, r.gi_z, r.gi_p, r.bin, r.neighbour_count, r.own_z, $3::jsonb
         from jsonb_to_recordset($2::jsonb) as r(site_id bigint, analyte_code text, value double precision,
           basis text, gi_z double precision, gi_p double precision, bin smallint, neighbour_count integer,
           own_z double precision)`,
      [roundId, JSON.stringify(chunk), params],
    );
  }
}

interface SiteHistory {
  site_id: number;
  analyte_code: string;
  idx: number[];
  z: number[];
  bin: number[];
  category: string | null;
  hot_rounds: number | null;
}

/** Each site's Gi* per round (all rounds with results for the analyte), as arrays. */
async function loadHistory(
  tx: Queryable,
  analytes: readonly string[],
): Promise<{
  rounds: Map<string, number[]>;
  sites: SiteHistory[];
}> {
  if (analytes.length === 0) return { rounds: new Map(), sites: [] };
  const roundsQuery = await tx.query<{ analyte_code: string; idx: number[] }>(
    `with round_order as (${ROUND_ORDER_SQL})
     select h.analyte_code, array_agg(distinct ro.idx order by ro.idx) as idx
       from hotspot_results h join round_order ro on ro.id = h.round_id
      where h.analyte_code = any($1::text[]) group by h.analyte_code`,
    [analytes],
  );
  const sitesQuery = await tx.query<SiteHistory>(
    `with round_order as (${ROUND_ORDER_SQL})
     select h.site_id, h.analyte_code, array_agg(ro.idx order by ro.idx) as idx,
            array_agg(h.gi_z order by ro.idx) as z, array_agg(h.bin::int order by ro.idx) as bin,
            e.category, e.hot_rounds
       from hotspot_results h
       join round_order ro on ro.id = h.round_id
       left join emerging_hotspots e on e.site_id = h.site_id and e.analyte_code = h.analyte_code
      where h.analyte_code = any($1::text[])
      group by h.site_id, h.analyte_code, e.category, e.hot_rounds`,
    [analytes],
  );
  return {
    rounds: new Map(roundsQuery.rows.map((r) => [r.analyte_code, r.idx.map(Number)])),
    sites: sitesQuery.rows,
  };
}

/** The z and bin of a site for each of `rounds` (null where it had no result). */
function seriesOver(site: SiteHistory, rounds: readonly number[]) {
  const at = new Map(site.idx.map((idx, k) => [Number(idx), k]));
  return {
    z: rounds.map((idx) => (at.has(idx) ? Number(site.z[at.get(idx)!]) : null)),
    bin: rounds.map((idx) => (at.has(idx) ? Number(site.bin[at.get(idx)!]) : null)),
  };
}

async function writeEmerging(
  tx: Queryable,
  history: { rounds: Map<string, number[]>; sites: SiteHistory[] },
): Promise<number> {
  const changed: object[] = [];
  for (const site of history.sites) {
    const rounds = history.rounds.get(site.analyte_code) ?? [];
    const result = classifyEmergingHotSpot(seriesOver(site, rounds));
    if (result.category === site.category && result.hotRounds === site.hot_rounds) continue;
    changed.push({
      site_id: site.site_id,
      analyte_code: site.analyte_code,
      category: result.category,
      rounds: result.rounds,
      hot_rounds: result.hotRounds,
      cold_rounds: result.coldRounds,
      details: { trend: result.trend },
    });
  }
  for (let start = 0; start < changed.length; start += WRITE_CHUNK) {
    await tx.query(
      `insert into emerging_hotspots (site_id, analyte_code, category, rounds, hot_rounds, cold_rounds, details)
       select r.site_id, r.analyte_code, r.category, r.rounds, r.hot_rounds, r.cold_rounds, r.details
         from jsonb_to_recordset($1::jsonb) as r(site_id bigint, analyte_code text, category text, rounds integer,
           hot_rounds integer, cold_rounds integer, details jsonb)
       on conflict (site_id, analyte_code) do update set category = excluded.category, rounds = excluded.rounds,
         hot_rounds = excluded.hot_rounds, cold_rounds = excluded.cold_rounds, details = excluded.details,
         computed_at = now()`,
      [JSON.stringify(changed.slice(start, start + WRITE_CHUNK))],
    );
  }
  return changed.length;
}

/** Hot spot alerts of this round, with each site's emerging pattern over the rounds up to it. */
function hotspotSignals(
  results: readonly HotSpotRow[],
  history: { rounds: Map<string, number[]>; sites: SiteHistory[] },
  roundId: number,
  roundIndex: number,
): AlertSignal[] {
  const bySite = new Map(history.sites.map((s) => [`${s.site_id}:${s.analyte_code}`, s]));
  const signals: AlertSignal[] = [];
  for (const r of results) {
    if (r.bin < 2) continue;
    const site = bySite.get(`${r.siteId}:${r.analyteCode}`);
    const rounds = (history.rounds.get(r.analyteCode) ?? []).filter((idx) => idx <= roundIndex);
    const emerging = site ? classifyEmergingHotSpot(seriesOver(site, rounds)).category : 'new_hot_spot';
    const signal = hotspotSignal({
      siteId: r.siteId,
      analyteCode: r.analyteCode,
      roundId,
      roundIndex,
      bin: r.bin,
      giZ: r.giZ,
      ownZ: r.ownZ,
      emerging,
    });
    if (signal) signals.push(signal);
  }
  return signals;
}

async function roundIndexOf(tx: Queryable, roundId: number): Promise<number> {
  const { rows } = await tx.query<{ idx: number }>(
    `with round_order as (${ROUND_ORDER_SQL}) select idx from round_order where id = $1`,
    [roundId],
  );
  return rows[0]?.idx ?? 0;
}
