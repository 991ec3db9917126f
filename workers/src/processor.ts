import type { Job } from 'bullmq';
import type { Config } from '@skywater/core/config/config';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import type { QueueName } from '@skywater/core/outbox/queue-names';

/** What a processor may use. Processors are idempotent: BullMQ delivers at least once. */
export interface JobContext {
  db: Db;
  log: Logger;
  config: Config;
}

export type Processor = (job: Job, ctx: JobContext) => Promise<unknown>;

/** Processors by queue, then by job name. */
export type ProcessorTable = Partial<Record<QueueName, Record<string, Processor>>>;

/** A recurring job, upserted once at worker start (BullMQ job schedulers are idempotent). */
export interface ScheduledJob {
  queue: QueueName;
  schedulerId: string;
  jobName: string;
  /** cron pattern, in Asia/Shanghai time */
  pattern: string;
  data?: Record<string, unknown>;
}
