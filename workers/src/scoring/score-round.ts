import type { Queryable } from '@skywater/core/db/db';
import type { JobData } from '@skywater/core/jobs/job-contract';
import { scoreEmergingJob, type scoreRoundJob } from '@skywater/core/jobs/scoring-jobs';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import type { NeighbourhoodSpec } from '@skywater/core/stats/spatial-neighbours';
import type { Processor } from '../processor';
import { loadRoundMeasurements } from './load-round';
import { roundHotSpots, type HotSpotRow } from '@skywater/core/scoring/round-hot-spots';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from '@skywater/core/db/pg-array-literal';

/** Default distance band of the Gi* weights, metres: about a district's walkable block (see docs). */
export const DEFAULT_HOTSPOT_DISTANCE_BAND_M = 1500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const WRITE_CHUNK = 10_000;

export interface ScoreRoundOutcome {
  sites: number;
  analytes: number;
  hotSpots: number;
  /** The generation this round's results took; the `score-emerging` job of that generation follows. */
  generation: number;
}

/**
 * `hotspots/score-round`: Gi* hot spots of one round for every analyte (hotspot_results). The
 * maths runs outside any transaction and yields between analytes; the write is one transaction
 * (serialised per round), which ends by taking the next hot spot generation and enqueuing, through
 * the outbox, `score-emerging` for it: the emerging patterns and the hot spot alerts need every
 * round's results, so one emerging job after a burst of rounds covers them all (score-emerging).
 * No round job waits for another: they run in parallel and hold a connection only to read and
 * to write. While it works, a round job keeps a row in app_state, so the emerging job can wait
 * for a burst of rounds to finish and run once.
 */
export const scoreRound: Processor<JobData<typeof scoreRoundJob>> = async ({ data }, { db, config }) => {
  const neighbourhood: NeighbourhoodSpec = data.kNearest
    ? { kind: 'k_nearest', k: data.kNearest }
    : {
        kind: 'distance_band',
        thresholdM: data.distanceBandM ?? config?.hotspotDistanceBandM ?? DEFAULT_HOTSPOT_DISTANCE_BAND_M,
      };
  await markRoundRunning(db, data.roundId);
  try {
    const measurements = await loadRoundMeasurements(db, data.roundId);
    const results = await roundHotSpots(measurements, neighbourhood, yieldToEventLoop);
    const generation = await db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('score-round'), $1::int)`, [data.roundId]);
      await writeResults(tx, data.roundId, results, neighbourhood);
      return markRoundScored(tx, data.roundId);
    });
    return {
      sites: new Set(results.map((r) => r.siteId)).size,
      analytes: new Set(results.map((r) => r.analyteCode)).size,
      hotSpots: results.filter((r) => r.bin > 0).length,
      generation,
    } satisfies ScoreRoundOutcome;
  } catch (error) {
    await clearRoundRunning(db, data.roundId).catch(() => undefined);
    throw error;
  }
};

/** app_state key of a round job at work (score-emerging waits for these to finish, see there). */
export const ROUND_RUNNING_KEY_PREFIX = 'score-round:running:';

async function markRoundRunning(db: Queryable, roundId: number): Promise<void> {
  await db.query(
    `insert into app_state (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [`${ROUND_RUNNING_KEY_PREFIX}${roundId}`, JSON.stringify({ roundId })],
  );
}

async function clearRoundRunning(db: Queryable, roundId: number): Promise<void> {
  await db.query(`delete from app_state where key = $1`, [`${ROUND_RUNNING_KEY_PREFIX}${roundId}`]);
}

/**
 * Replaces the round's results: rows of sites or analytes no longer analysed are deleted, the
 * others upserted, and a row whose values did not change is not touched (a nightly re-score of
 * unchanged data writes almost nothing; an update that keeps the keys skips the foreign key
 * checks an insert pays).
 */
async function writeResults(
  tx: Queryable,
  roundId: number,
  results: readonly HotSpotRow[],
  neighbourhood: NeighbourhoodSpec,
): Promise<void> {
  await tx.query(
    `delete from hotspot_results h
      where h.round_id = $1
        and not exists (select 1 from unnest($2::text[], $3::bigint[]) as x(analyte_code, site_id)
                         where x.analyte_code = h.analyte_code and x.site_id = h.site_id)`,
    [roundId, texts(results.map((r) => r.analyteCode)), numbers(results.map((r) => r.siteId))],
  );
  const params = JSON.stringify({ neighbourhood, values: 'ln(value)', fdr: true, star: true });
  for (let start = 0; start < results.length; start += WRITE_CHUNK) {
    const chunk = results.slice(start, start + WRITE_CHUNK);
    await tx.query(
      `insert into hotspot_results as h (round_id, analyte_code, site_id, value, basis, gi_z, gi_p, bin,
         neighbour_count, own_z, params)
       select $1, r.analyte_code, r.site_id, r.value, r.basis, r.gi_z, r.gi_p, r.bin, r.neighbour_count, r.own_z,
              $11::jsonb
         from unnest($2::text[], $3::bigint[], $4::float8[], $5::text[], $6::float8[], $7::float8[], $8::smallint[],
                     $9::int[], $10::float8[])
              as r(analyte_code, site_id, value, basis, gi_z, gi_p, bin, neighbour_count, own_z)
       on conflict (round_id, analyte_code, site_id) do update set value = excluded.value, basis = excluded.basis,
         gi_z = excluded.gi_z, gi_p = excluded.gi_p, bin = excluded.bin, neighbour_count = excluded.neighbour_count,
         own_z = excluded.own_z, params = excluded.params, computed_at = now()
       where (h.value, h.basis, h.gi_z, h.gi_p, h.bin, h.neighbour_count, h.own_z, h.params)
             is distinct from (excluded.value, excluded.basis, excluded.gi_z, excluded.gi_p, excluded.bin,
                               excluded.neighbour_count, excluded.own_z, excluded.params)`,
      [
        roundId,
        texts(chunk.map((r) => r.analyteCode)),
        numbers(chunk.map((r) => r.siteId)),
        numbers(chunk.map((r) => r.value)),
        texts(chunk.map((r) => r.basis)),
        numbers(chunk.map((r) => r.giZ)),
        numbers(chunk.map((r) => Math.min(1, Math.max(0, r.giP)))),
        numbers(chunk.map((r) => r.bin)),
        numbers(chunk.map((r) => r.neighbourCount)),
        numbers(chunk.map((r) => r.ownZ)),
        params,
      ],
    );
    await yieldToEventLoop();
  }
}

/**
 * Takes the next hot spot generation for the round and enqueues its emerging job. The counter
 * row is updated last: its row lock, held to the commit, orders the rounds' commits, so when
 * the emerging job reads generation g committed, every round with a generation ≤ g is committed.
 */
async function markRoundScored(tx: Queryable, roundId: number): Promise<number> {
  const { rows } = await tx.query<{ generation: number }>(
    `update hotspot_generation set generation = generation + 1, updated_at = now() where id = 1
     returning generation`,
  );
  const generation = rows[0]!.generation;
  await tx.query(
    `insert into hotspot_round_state (round_id, generation) values ($1, $2)
     on conflict (round_id) do update set generation = excluded.generation, scored_at = now()`,
    [roundId, generation],
  );
  await tx.query(`delete from app_state where key = $1`, [`${ROUND_RUNNING_KEY_PREFIX}${roundId}`]);
  await enqueueInTransaction(
    tx,
    outboxJob(
      scoreEmergingJob,
      { generation },
      // The time keeps ids unique if the counter ever restarts (a restored database, same Redis).
      { jobId: `score-emerging-g${generation}-${Date.now().toString(36)}` },
    ),
  );
  return generation;
}
