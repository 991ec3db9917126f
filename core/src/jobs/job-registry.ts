import type { QueueName } from '../outbox/queue-names';
import type { JobContract } from './job-contract';
import { pruneOutboxJob } from './maintenance-jobs';
import {
  rescoreAllJob,
  scoreEmergingJob,
  scoreRoundJob,
  scoreSeriesJob,
  scoreSitesJob,
} from './scoring-jobs';
import { makePreviewJob, processImageJob, updateCoverageJob } from './survey-jobs';

/** Every background job: a worker runs exactly these, a producer queues nothing else. */
export const JOB_CONTRACTS: readonly JobContract[] = [
  scoreSeriesJob,
  scoreSitesJob,
  rescoreAllJob,
  scoreRoundJob,
  scoreEmergingJob,
  processImageJob,
  makePreviewJob,
  updateCoverageJob,
  pruneOutboxJob,
];

/** The contract of a job by its queue and name (undefined: no such job). */
export function findJobContract(queue: QueueName | string, name: string): JobContract | undefined {
  return JOB_CONTRACTS.find((c) => c.queue === queue && c.name === name);
}
