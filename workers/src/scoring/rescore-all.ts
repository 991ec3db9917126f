import { parseJobData } from '@skywater/core/jobs/job-data-error';
import type { JobData } from '@skywater/core/jobs/job-contract';
import { scoreRoundJob, scoreSitesJob, type rescoreAllJob } from '@skywater/core/jobs/scoring-jobs';
import type { Processor } from '../processor';
import { createQueues } from '../queues';
import { siteBatches } from './site-batches';

const BULK = 1_000;

/**
 * `scoring/rescore-all` (nightly, from the one job scheduler `nightly-rescore`): enqueues
 * `score-sites` for every site with measurements (or a stored score), in jobs of 20-200 sites
 * (siteBatches: a few per worker slot), and `score-round` for every round with samples
 * (deduplicated per round like the jobs an import writes). A batch job scores all series of its
 * sites with one read and one write, and skips a series whose inputs did not change (its inputs
 * version matches), so the nightly run costs little unless rules or data changed. Jobs go straight to BullMQ in bulk (the outbox is
 * for jobs tied to a data transaction).
 */
export const rescoreAll: Processor<JobData<typeof rescoreAllJob>> = async (job, { db, config }) => {
  const run = (job.id ?? String(Date.now())).replace(/:/g, '-'); // BullMQ refuses ':' in custom job ids
  const sites = await db.query<{ site_id: number; area_id: number | null }>(
    `select x.site_id, st.area_id
       from (select s.site_id from samples s where exists (select 1 from measurements m where m.sample_id = s.id)
             union select site_id from series_scores) x
       join sites st on st.id = x.site_id`,
  );
  const rounds = await db.query<{ round_id: number }>(
    `select distinct round_id from samples order by round_id`,
  );
  const batches = siteBatches(
    sites.rows.map((r) => ({
      siteId: Number(r.site_id),
      areaId: r.area_id === null ? null : Number(r.area_id),
    })),
    config.workerConcurrency,
  );
  const queues = createQueues(config, config.queuePrefix);
  try {
    for (let start = 0; start < batches.length; start += BULK) {
      await queues.get(scoreSitesJob.queue).addBulk(
        batches.slice(start, start + BULK).map((siteIds) => {
          const range = `${siteIds[0]}-${siteIds[siteIds.length - 1]}`;
          return {
            name: scoreSitesJob.name,
            data: parseJobData(scoreSitesJob, { siteIds, batchId: null }),
            opts: {
              jobId: `score-sites-${range}-rescore-${run}`,
              deduplication: { id: `sites:${range}:${siteIds.length}` },
            },
          };
        }),
      );
      await job.updateProgress(Math.round((100 * start) / Math.max(1, batches.length)));
    }
    await queues.get(scoreRoundJob.queue).addBulk(
      rounds.rows.map((r) => ({
        name: scoreRoundJob.name,
        data: parseJobData(scoreRoundJob, { roundId: r.round_id, batchId: null }),
        opts: {
          jobId: `score-round-${r.round_id}-rescore-${run}`,
          deduplication: { id: `round:${r.round_id}` },
        },
      })),
    );
  } finally {
    await queues.close();
  }
  return { sites: sites.rows.length, batches: batches.length, rounds: rounds.rows.length };
};
