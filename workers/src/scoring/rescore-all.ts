import type { Processor } from '../processor';
import { createQueues } from '../queues';

const BULK = 1_000;

/**
 * `scoring/rescore-all` (nightly, from the one job scheduler `nightly-rescore`): enqueues
 * `score-series` for every site × analyte with measurements and `score-round` for every round
 * with samples. Deduplicated per series and round like the jobs an import writes, so a series
 * that already waits is not queued twice; a series whose inputs did not change stops at once
 * (its inputs version matches), so the nightly run costs little unless rules or data changed.
 * Jobs go straight to BullMQ in bulk (the outbox is for jobs tied to a data transaction).
 */
export const rescoreAll: Processor = async (job, { db, config }) => {
  const run = (job.id ?? String(Date.now())).replace(/:/g, '-'); // BullMQ refuses ':' in custom job ids
  const series = await db.query<{ site_id: number; analyte_code: string }>(
    `select distinct s.site_id, m.analyte_code from samples s join measurements m on m.sample_id = s.id
      order by s.site_id, m.analyte_code`,
  );
  const rounds = await db.query<{ round_id: number }>(
    `select distinct round_id from samples order by round_id`,
  );
  const queues = createQueues(config.redisUrl, config.queuePrefix);
  try {
    for (let start = 0; start < series.rows.length; start += BULK) {
      await queues.get('scoring').addBulk(
        series.rows.slice(start, start + BULK).map((s) => ({
          name: 'score-series',
          data: { siteId: s.site_id, analyteCode: s.analyte_code, batchId: null },
          opts: {
            jobId: `score-series-${s.site_id}-${s.analyte_code}-rescore-${run}`,
            deduplication: { id: `series:${s.site_id}:${s.analyte_code}` },
          },
        })),
      );
      await job.updateProgress(Math.round((100 * start) / Math.max(1, series.rows.length)));
    }
    await queues.get('hotspots').addBulk(
      rounds.rows.map((r) => ({
        name: 'score-round',
        data: { roundId: r.round_id, batchId: null },
        opts: {
          jobId: `score-round-${r.round_id}-rescore-${run}`,
          deduplication: { id: `round:${r.round_id}` },
        },
      })),
    );
  } finally {
    await queues.close();
  }
  return { series: series.rows.length, rounds: rounds.rows.length };
};
