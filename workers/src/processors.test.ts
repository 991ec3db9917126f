import { describe, expect, it } from 'vitest';
import { JOB_CONTRACTS } from '@skywater/core/jobs/job-registry';
import { processors, schedules } from './processors';

describe('processor table', () => {
  it('has a processor for every job contract and none without one', () => {
    const registered = Object.entries(processors).flatMap(([queue, byName]) =>
      Object.keys(byName ?? {}).map((name) => `${queue}/${name}`),
    );
    const contracted = JOB_CONTRACTS.map((c) => `${c.queue}/${c.name}`);
    expect(registered.sort()).toEqual(contracted.sort());
  });

  it('schedules only jobs of the contract list, with data the contract accepts', () => {
    for (const schedule of schedules) {
      expect(JOB_CONTRACTS).toContain(schedule.job);
      expect(schedule.job.data.safeParse(schedule.data ?? {}).success).toBe(true);
    }
  });
});
