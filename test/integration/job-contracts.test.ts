import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJobContract } from '@skywater/core/jobs/job-registry';
import { pruneOutboxJob } from '@skywater/core/jobs/maintenance-jobs';
import {
  rescoreAllJob,
  scoreEmergingJob,
  scoreRoundJob,
  scoreSeriesJob,
  scoreSitesJob,
} from '@skywater/core/jobs/scoring-jobs';
import { makePreviewJob } from '@skywater/core/jobs/survey-jobs';
import type { JobContract } from '@skywater/core/jobs/job-contract';
import type { QueueName } from '@skywater/core/outbox/queue-names';
import { startTestApp, type TestApp } from '../support/test-app';
import { createArea } from './survey-helpers';

/**
 * Jobs through the real Redis and the real workers: a job whose data breaks its contract fails
 * once, as unrecoverable, with a message naming the field (no retries); the rows producers and
 * SQL triggers write to the outbox all match a contract.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

async function settled(queue: QueueName, jobId: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    // The state first, then the job: a job read before it finished would show its old attempts.
    const state = await app.services.queues.get(queue).getJobState(jobId);
    if (state === 'failed' || state === 'completed')
      return { job: (await app.services.queues.get(queue).getJob(jobId))!, state };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('job contracts with the real Redis', () => {
  it('fails a job with bad data at its first attempt, as unrecoverable, naming the bad field', async () => {
    const images = app.services.queues.get('images');
    await images.add('process-image', { imageId: 'not-a-number' }, { jobId: 'bad-image-data', attempts: 5 });
    const { job, state } = await settled('images', 'bad-image-data');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('job "process-image" on queue images has invalid data');
    expect(job.failedReason).toContain('imageId');
    expect((job.stacktrace ?? []).join('\n')).toContain('InvalidJobDataError');
  });

  it('fails a coverage job whose area id is not a positive integer, and runs a well-formed one', async () => {
    const coverage = app.services.queues.get('coverage');
    await coverage.add('update-coverage', { areaId: -4 }, { jobId: 'bad-coverage-data', attempts: 5 });
    const bad = await settled('coverage', 'bad-coverage-data');
    expect(bad.state).toBe('failed');
    expect(bad.job.attemptsMade).toBe(1);
    expect(bad.job.failedReason).toContain('areaId');

    await coverage.add('update-coverage', {}, { jobId: 'good-coverage-sweep' });
    const good = await settled('coverage', 'good-coverage-sweep');
    expect(good.state).toBe('completed');
  });

  // Each job with data its contract refuses, and the field the failure must name.
  const badData: [JobContract, unknown, string][] = [
    [scoreSeriesJob, { siteId: 4, analyteCode: '' }, 'analyteCode'],
    [scoreSitesJob, { siteIds: [] }, 'siteIds'],
    [rescoreAllJob, 'every site', '(data)'],
    [scoreRoundJob, { roundId: 'next' }, 'roundId'],
    [scoreEmergingJob, { generation: -1 }, 'generation'],
    [makePreviewJob, { imageId: 0 }, 'imageId'],
    [pruneOutboxJob, 7, '(data)'],
  ];
  it.each(badData.map(([job, data, field]) => ({ name: job.name, job, data, field })))(
    'fails $name with bad data at once, as unrecoverable, naming the field',
    async ({ job, data, field }) => {
      const jobId = `bad-${job.name}-data`;
      await app.services.queues.get(job.queue).add(job.name, data, { jobId, attempts: 5 });
      const { job: failed, state } = await settled(job.queue, jobId);
      expect(state).toBe('failed');
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toContain(`job "${job.name}" on queue ${job.queue} has invalid data`);
      expect(failed.failedReason).toContain(field);
      expect((failed.stacktrace ?? []).join('\n')).toContain('InvalidJobDataError');
    },
  );

  it('writes to the outbox only jobs whose data matches their contract (routes and SQL triggers)', async () => {
    const pilot = await app.client('pilot');
    await createArea(pilot, 'Contract area');
    const { rows } = await app.db.query<{ queue: string; job_name: string; payload: unknown }>(
      `select queue, job_name, payload from outbox`,
    );
    expect(rows.some((r) => r.job_name === 'update-coverage')).toBe(true);
    for (const row of rows) {
      const contract = findJobContract(row.queue, row.job_name);
      expect(contract, `${row.queue}/${row.job_name}`).toBeDefined();
      expect(contract!.data.safeParse(row.payload).success).toBe(true);
    }
  });
});
