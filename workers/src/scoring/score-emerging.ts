import type { AlertSignal } from '@skywater/core/alerts/alert-signal';
import { hotspotSignal } from '@skywater/core/alerts/hotspot-signal';
import type { Queryable } from '@skywater/core/db/db';
import {
  classifyEmergingHotSpot,
  type EmergingHotSpotCategory,
} from '@skywater/core/stats/emerging-hot-spots';
import type { JobData } from '@skywater/core/jobs/job-contract';
import type { scoreEmergingJob } from '@skywater/core/jobs/scoring-jobs';
import type { Processor } from '../processor';
import { raiseAlerts, type RaiseOutcome } from '../alerts/raise-alerts';
import { giSeriesOver, roundsKey, type SiteGiHistory } from '@skywater/core/scoring/emerging-rounds';
import { loadGiHistory, type GiHistory } from './emerging-history';
import { ROUND_ORDER_SQL } from './round-order';
import { ROUND_RUNNING_KEY_PREFIX } from './score-round';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from '@skywater/core/db/pg-array-literal';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Sites classified between two yields to the event loop. */
const CLASSIFY_SLICE = 2_000;
const WRITE_CHUNK = 10_000;
/** How long a job waits for running round jobs before it runs anyway, and how often it looks. */
const ROUNDS_WAIT_MS = 2 * 60_000;
const ROUNDS_POLL_MS = 250;
/** A round job's marker older than this is a job that died (a live one finishes in seconds). */
const ROUND_MARKER_STALE = '5 minutes';
/** How long a job waits for another emerging job to finish before it fails (and BullMQ retries it). */
const LOCK_WAIT_MS = 10 * 60_000;

export type ScoreEmergingOutcome =
  | { status: 'covered'; generation: number }
  | {
      status: 'classified';
      generation: number;
      /** Rounds whose hot spot alerts were raised (positions, oldest 0). */
      rounds: number[];
      sites: number;
      emergingChanged: number;
      alerts: RaiseOutcome;
    };

/**
 * `hotspots/score-emerging` (enqueued by each `score-round` after it commits): the emerging hot
 * spot pattern of every site × analyte over all rounds (emerging_hotspots), and the hot spot
 * alerts of the rounds scored since the last emerging run, round by round, oldest first, each
 * with the pattern over the rounds up to it. One job at a time (a transaction-scoped advisory
 * lock taken with pg_try_advisory_xact_lock: a job that finds it taken gives its connection
 * back and waits on a timer, never on the database); a job whose generation an earlier job
 * already covered stops at once. Before it starts, a job waits (on a timer, at most 2 minutes)
 * while round jobs are at work, so a burst of twelve rounds costs one full run.
 */
export const scoreEmerging: Processor<JobData<typeof scoreEmergingJob>> = async (_job, { db }) => {
  const started = Date.now();
  const deadline = started + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    // Rounds still at work: wait (on a timer) so that one run covers the whole burst.
    if (Date.now() - started < ROUNDS_WAIT_MS && (await roundsRunning(db)) > 0) {
      await sleep(ROUNDS_POLL_MS);
      continue;
    }
    const outcome = await db.transaction((tx) => scoreEmergingIn(tx));
    if (outcome !== 'busy') return outcome;
    if (Date.now() > deadline) throw new Error('score-emerging: another emerging job held the lock too long');
    await sleep(Math.min(500, 100 * 2 ** attempt));
  }
};

async function roundsRunning(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from app_state
      where key like $1 and updated_at > now() - $2::interval`,
    [`${ROUND_RUNNING_KEY_PREFIX}%`, ROUND_MARKER_STALE],
  );
  return rows[0]!.n;
}

/** One emerging run in the caller's transaction; 'busy' when another run holds the lock. */
export async function scoreEmergingIn(tx: Queryable): Promise<ScoreEmergingOutcome | 'busy'> {
  const lock = await tx.query<{ ok: boolean }>(
    `select pg_try_advisory_xact_lock(hashtext('score-emerging')) as ok`,
  );
  if (!lock.rows[0]!.ok) return 'busy';
  const state = await tx.query<{ generation: number; done_generation: number }>(
    `select generation, done_generation from hotspot_generation where id = 1`,
  );
  const { generation, done_generation: done } = state.rows[0]!;
  if (done >= generation) return { status: 'covered', generation: done };
  // A round's position differs by area (round-order.ts): one row per round and area.
  const pending = await tx.query<{ round_id: number; area: number; idx: number }>(
    `with round_order as (${ROUND_ORDER_SQL})
     select rs.round_id, ro.area, ro.idx
       from hotspot_round_state rs join round_order ro on ro.id = rs.round_id join rounds r on r.id = rs.round_id
      where rs.generation > $1 and rs.generation <= $2 order by r.starts_on, r.id, ro.area`,
    [done, generation],
  );
  const pendingRounds = new Map<number, Map<number, number>>();
  for (const row of pending.rows) {
    const roundId = Number(row.round_id);
    let byArea = pendingRounds.get(roundId);
    if (!byArea) pendingRounds.set(roundId, (byArea = new Map()));
    byArea.set(Number(row.area), row.idx);
  }
  const history = await loadGiHistory(tx);
  const emergingChanged = await writeEmerging(tx, history);
  const alerts: RaiseOutcome = { created: 0, refreshed: 0, unchanged: 0, keptDismissed: 0 };
  const bySite = new Map(history.sites.map((s) => [`${s.siteId}:${s.analyteCode}`, s]));
  // Round by round, oldest first: each round's evidence raised with the pattern over the rounds up to it.
  for (const [roundId, idxByArea] of pendingRounds) {
    const signals = await roundHotspotSignals(tx, history, bySite, roundId, idxByArea);
    const outcome = await raiseAlerts(tx, signals);
    alerts.created += outcome.created;
    alerts.refreshed += outcome.refreshed;
    alerts.unchanged += outcome.unchanged;
    alerts.keptDismissed += outcome.keptDismissed;
  }
  await tx.query(
    `update hotspot_generation set done_generation = greatest(done_generation, $1), updated_at = now() where id = 1`,
    [generation],
  );
  return {
    status: 'classified',
    generation,
    rounds: [...pendingRounds.values()].map((byArea) => Math.min(...byArea.values())),
    sites: history.sites.length,
    emergingChanged,
    alerts,
  };
}

/** Classifies every site over all rounds; writes those whose category or hot count changed. */
async function writeEmerging(tx: Queryable, history: GiHistory): Promise<number> {
  const changed: {
    siteId: number;
    analyteCode: string;
    category: string;
    rounds: number;
    hotRounds: number;
    coldRounds: number;
    details: string;
  }[] = [];
  for (let start = 0; start < history.sites.length; start += CLASSIFY_SLICE) {
    for (const site of history.sites.slice(start, start + CLASSIFY_SLICE)) {
      const rounds = history.rounds.get(roundsKey(site)) ?? [];
      const result = classifyEmergingHotSpot(giSeriesOver(site, rounds));
      if (result.category === site.storedCategory && result.hotRounds === site.storedHotRounds) continue;
      changed.push({
        siteId: site.siteId,
        analyteCode: site.analyteCode,
        category: result.category,
        rounds: result.rounds,
        hotRounds: result.hotRounds,
        coldRounds: result.coldRounds,
        details: JSON.stringify({ trend: result.trend }),
      });
    }
    await yieldToEventLoop();
  }
  for (let start = 0; start < changed.length; start += WRITE_CHUNK) {
    const chunk = changed.slice(start, start + WRITE_CHUNK);
    await tx.query(
      `insert into emerging_hotspots (site_id, analyte_code, category, rounds, hot_rounds, cold_rounds, details)
       select r.site_id, r.analyte_code, r.category, r.rounds, r.hot_rounds, r.cold_rounds, r.details::jsonb
         from unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[])
              as r(site_id, analyte_code, category, rounds, hot_rounds, cold_rounds, details)
       on conflict (site_id, analyte_code) do update set category = excluded.category, rounds = excluded.rounds,
         hot_rounds = excluded.hot_rounds, cold_rounds = excluded.cold_rounds, details = excluded.details,
         computed_at = now()`,
      [
        numbers(chunk.map((c) => c.siteId)),
        texts(chunk.map((c) => c.analyteCode)),
        texts(chunk.map((c) => c.category)),
        numbers(chunk.map((c) => c.rounds)),
        numbers(chunk.map((c) => c.hotRounds)),
        numbers(chunk.map((c) => c.coldRounds)),
        texts(chunk.map((c) => c.details)),
      ],
    );
    await yieldToEventLoop();
  }
  return changed.length;
}

/**
 * Hot spot alerts of one round, with each site's emerging pattern over the rounds up to it
 * (`idxByArea`: the round's position in each area's sequence).
 */
async function roundHotspotSignals(
  tx: Queryable,
  history: GiHistory,
  bySite: ReadonlyMap<string, SiteGiHistory>,
  roundId: number,
  idxByArea: ReadonlyMap<number, number>,
): Promise<AlertSignal[]> {
  const { rows } = await tx.query<{
    site_id: number;
    analyte_code: string;
    bin: number;
    gi_z: number;
    own_z: number;
    neighbour_count: number;
    area: number;
  }>(
    `select h.site_id, h.analyte_code, h.bin, h.gi_z, h.own_z, h.neighbour_count, coalesce(st.area_id, -1) as area
       from hotspot_results h join sites st on st.id = h.site_id
      where h.round_id = $1 and h.bin >= 2`,
    [roundId],
  );
  if (rows.length === 0) return [];
  const signals: AlertSignal[] = [];
  for (const r of rows) {
    const roundIndex = idxByArea.get(Number(r.area)) ?? 0;
    const site = bySite.get(`${r.site_id}:${r.analyte_code}`);
    const rounds = site ? (history.rounds.get(roundsKey(site)) ?? []).filter((idx) => idx <= roundIndex) : [];
    const emerging: EmergingHotSpotCategory = site
      ? classifyEmergingHotSpot(giSeriesOver(site, rounds)).category
      : 'new_hot_spot';
    const signal = hotspotSignal({
      siteId: Number(r.site_id),
      analyteCode: r.analyte_code,
      roundId,
      roundIndex,
      bin: r.bin,
      giZ: r.gi_z,
      ownZ: r.own_z,
      neighbourCount: r.neighbour_count,
      emerging,
    });
    if (signal) signals.push(signal);
  }
  return signals;
}
