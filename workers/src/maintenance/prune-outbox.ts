import type { JobData } from '@skywater/core/jobs/job-contract';
import type { pruneOutboxJob } from '@skywater/core/jobs/maintenance-jobs';
import { pruneRelayedJobs } from '@skywater/core/outbox/outbox';
import type { Processor } from '../processor';

/** Relayed outbox rows are kept 7 days for diagnosis, then removed. Idempotent. */
export const pruneOutbox: Processor<JobData<typeof pruneOutboxJob>> = async (_job, { db }) => {
  const removed = await pruneRelayedJobs(db, 7);
  return { removed };
};
