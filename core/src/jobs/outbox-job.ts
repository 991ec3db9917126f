import type { OutboxJob } from '../outbox/outbox';
import type { JobContract, JobInput } from './job-contract';
import { parseJobData } from './job-data-error';

/**
 * An outbox row for a job, its data checked against the job's contract before it is written:
 * a producer that builds wrong data fails in its own transaction, not later in a worker.
 * @param ids `jobId` (a job id pending twice is stored once) and an optional `dedupId`
 *   (jobs with the same one coalesce in the queue while one waits).
 */
export function outboxJob<J extends JobContract>(
  contract: J,
  data: JobInput<J>,
  ids: { jobId: string; dedupId?: string },
): OutboxJob {
  parseJobData(contract, data);
  return {
    queue: contract.queue,
    name: contract.name,
    jobId: ids.jobId,
    ...(ids.dedupId ? { dedupId: ids.dedupId } : {}),
    data: data as Record<string, unknown>,
  };
}
