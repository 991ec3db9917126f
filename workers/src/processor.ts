import type { Job } from 'bullmq';
import type { Config } from '@skywater/core/config/config';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import type { JobContract } from '@skywater/core/jobs/job-contract';
import type { QueueName } from '@skywater/core/outbox/queue-names';

/** What a processor may use. Processors are idempotent: BullMQ delivers at least once. */
export interface JobContext {
  db: Db;
  log: Logger;
  config: Config;
}

/**
 * Runs one job. The runtime has parsed `job.data` with the job's contract (core/src/jobs)
 * before the call, so `D` is the contract's `JobData`; data that does not match never gets here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table holds processors of every job's data
export type Processor<D = any> = (job: Job<D>, ctx: JobContext) => Promise<unknown>;

/** Processors by queue, then by job name; each name has its contract in core/src/jobs. */
export type ProcessorTable = Partial<Record<QueueName, Record<string, Processor>>>;

/** A recurring job, upserted once at worker start (BullMQ job schedulers are idempotent). */
export interface ScheduledJob {
  job: JobContract;
  schedulerId: string;
  /** cron pattern, in Asia/Shanghai time */
  pattern: string;
  data?: Record<string, unknown>;
}
