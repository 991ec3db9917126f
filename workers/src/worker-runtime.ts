import { UnrecoverableError, Worker } from 'bullmq';
import { findJobContract } from '@skywater/core/jobs/job-registry';
import { JobDataError, parseJobData } from '@skywater/core/jobs/job-data-error';
import { InvalidJobDataError } from './invalid-job-data-error';
import type { JobContext, ProcessorTable, ScheduledJob } from './processor';
import type { Queues } from './queues';
import { createRedis } from './redis';

export interface RunningWorkers {
  workers: Worker[];
  /** Stop taking jobs; let running ones finish until the deadline, then release them to be retried. */
  close(deadlineMs: number): Promise<void>;
}

/**
 * One BullMQ Worker per queue that has processors; a job is routed by its name, and its data is
 * parsed with the job's contract before the processor sees it (bad data: unrecoverable).
 */
export async function startWorkers(
  ctx: JobContext,
  queues: Queues,
  table: ProcessorTable,
  schedules: ScheduledJob[],
): Promise<RunningWorkers> {
  const connection = createRedis(ctx.config, 'worker');
  const workers = Object.entries(table).map(([queueName, byName]) => {
    const worker = new Worker(
      queueName,
      async (job) => {
        const processor = byName?.[job.name];
        if (!processor)
          throw new UnrecoverableError(`no processor for job "${job.name}" on queue ${queueName}`);
        const contract = findJobContract(queueName, job.name);
        if (!contract)
          throw new UnrecoverableError(`no contract for job "${job.name}" on queue ${queueName}`);
        try {
          job.data = parseJobData(contract, job.data);
        } catch (error) {
          throw error instanceof JobDataError ? new InvalidJobDataError(error) : error;
        }
        const log = ctx.log.child({ queue: queueName, jobId: job.id, job: job.name });
        const started = performance.now();
        const result = await processor(job, { ...ctx, log });
        log.debug({ ms: Math.round(performance.now() - started) }, 'job done');
        return result;
      },
      {
        connection,
        prefix: ctx.config.queuePrefix,
        concurrency: ctx.config.workerConcurrency,
        // A stalled job (its worker died) goes back to the queue and runs again.
        maxStalledCount: 3,
      },
    );
    worker.on('failed', (job, error) =>
      ctx.log.warn({ queue: queueName, jobId: job?.id, err: error.message }, 'job failed'),
    );
    worker.on('error', (error) => ctx.log.warn({ queue: queueName, err: error.message }, 'worker error'));
    return worker;
  });

  for (const schedule of schedules) {
    await queues
      .get(schedule.job.queue)
      .upsertJobScheduler(
        schedule.schedulerId,
        { pattern: schedule.pattern, tz: 'Asia/Shanghai' },
        { name: schedule.job.name, data: schedule.data ?? {} },
      );
  }

  return {
    workers,
    async close(deadlineMs) {
      const graceful = Promise.all(workers.map((w) => w.close()));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadlineMs);
      });
      if ((await Promise.race([graceful, late])) === 'late') {
        ctx.log.warn({ deadlineMs }, 'jobs still running at the shutdown deadline: released to be retried');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      clearTimeout(timer);
      connection.disconnect();
    },
  };
}
