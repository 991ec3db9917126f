import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../outbox/queue-names';
import { JobDataError, parseJobData } from './job-data-error';
import { findJobContract, JOB_CONTRACTS } from './job-registry';
import { outboxJob } from './outbox-job';
import { scoreSeriesJob } from './scoring-jobs';
import { processImageJob, updateCoverageJob } from './survey-jobs';

const sqlDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sql');

describe('job contracts', () => {
  it('name each job once, on a queue that exists', () => {
    const keys = JOB_CONTRACTS.map((c) => `${c.queue}/${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const contract of JOB_CONTRACTS) expect(QUEUE_NAMES).toContain(contract.queue);
  });

  it('parse good data into the shape the processor reads', () => {
    expect(parseJobData(processImageJob, { imageId: '42' })).toEqual({ imageId: 42 });
    expect(parseJobData(updateCoverageJob, {})).toEqual({});
    expect(parseJobData(scoreSeriesJob, { siteId: 3, analyteCode: 'METH', batchId: 'rev-9' })).toEqual({
      siteId: 3,
      analyteCode: 'METH',
      batchId: 'rev-9',
    });
  });

  it('refuse bad data with an error naming the job, the queue and every bad field', () => {
    const error = (() => {
      try {
        parseJobData(scoreSeriesJob, { siteId: -1 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(JobDataError);
    const message = (error as JobDataError).message;
    expect(message).toContain('job "score-series" on queue scoring has invalid data');
    expect(message).toContain('siteId');
    expect(message).toContain('analyteCode');
    expect(() => parseJobData(processImageJob, { imageId: 'abc' })).toThrow(/imageId/);
  });

  it('build an outbox row only from data its contract accepts', () => {
    expect(outboxJob(processImageJob, { imageId: 7 }, { jobId: 'image-7' })).toEqual({
      queue: 'images',
      name: 'process-image',
      jobId: 'image-7',
      data: { imageId: 7 },
    });
    expect(() => outboxJob(processImageJob, { imageId: 0 }, { jobId: 'image-0' })).toThrow(JobDataError);
  });

  it('cover every job a migration writes to the outbox (queue and name literals in SQL)', () => {
    const written: string[] = [];
    for (const file of fs.readdirSync(sqlDir).filter((f) => f.endsWith('.sql'))) {
      const sql = fs.readFileSync(path.join(sqlDir, file), 'utf8');
      for (const m of sql.matchAll(
        /insert into outbox[^;]*?select\s+(?:distinct\s+)?'([^']+)',\s*'([^']+)'/gi,
      ))
        written.push(`${m[1]}/${m[2]}`);
    }
    expect(written.length).toBeGreaterThan(0);
    for (const key of written) {
      const [queue, name] = key.split('/') as [string, string];
      expect(findJobContract(queue, name), key).toBeDefined();
    }
  });
});
