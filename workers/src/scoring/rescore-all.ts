import { parseJobData } from '@skywater/core/jobs/job-data-error';
import type { JobData } from '@skywater/core/jobs/job-contract';
import { scoreRoundJob, scoreSitesJob, type rescoreAllJob } from '@skywater/core/jobs/scoring-jobs';
import type { Processor } from '../processor';
import { createQueues } from '../queues';
import { SITES_PER_BATCH } from './score-sites';

const BULK = 1_000;

/**
 * `scoring/rescore-all` (nightly, from the one job scheduler `nightly-rescore`): enqueues
 * `score-sites` for every site with measurements (or a stored score), SITES_PER_BATCH sites per
 * job, and `score-round` for every round with samples (deduplicated per round like the jobs an
 * import writes). A batch job scores all series of its sites with one read and one write, and
 * skips a series whose inputs did not change (its inputs version matches), so the nightly run
 * costs little unless rules or data changed. Jobs go straight to BullMQ in bulk (the outbox is
 * for jobs tied to a data transaction).
 */
export const rescoreAll: Processor<JobData<typeof rescoreAllJob>> = async (job, { db, config }) => {
  const run = (job.id ?? String(Date.now())).replace(/:/g, '-'); // BullMQ refuses ':' in custom job ids
  const sites = await db.query<{ site_id: number }>(
    `select s.site_id from samples s where exists (select 1 from measurements m where m.sample_id = s.id)
     union select site_id from series_scores
     order by 1`,
  );
  const rounds = await db.query<{ round_id: number }>(
    `select distinct round_id from samples order by round_id`,
  );
  const batches: number[][] = [];
  for (let start = 0; start < sites.rows.length; start += SITES_PER_BATCH)
    batches.push(sites.rows.slice(start, start + SITES_PER_BATCH).map((r) => r.site_id));
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
