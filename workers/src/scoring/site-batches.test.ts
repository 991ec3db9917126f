import { describe, expect, it } from 'vitest';
import { MAX_SITES_PER_JOB, MIN_SITES_PER_JOB, siteBatches } from './site-batches';

/** 5,000 sites dealt over 40 areas in turn, as the synthetic province places them. */
const province = Array.from({ length: 5000 }, (_, k) => ({ siteId: k + 1, areaId: 100 + ((k + 1) % 40) }));

describe('siteBatches', () => {
  it('cuts a province into jobs of at most MAX_SITES_PER_JOB sites, area by area', () => {
    const jobs = siteBatches(province, 2);
    expect(jobs).toHaveLength(Math.ceil(5000 / MAX_SITES_PER_JOB));
    expect(jobs.every((j) => j.length <= MAX_SITES_PER_JOB)).toBe(true);
    expect(jobs.flat().sort((a, b) => a - b)).toEqual(province.map((s) => s.siteId));
    const areaOf = new Map(province.map((s) => [s.siteId, s.areaId]));
    // 125 sites an area: a job of 200 spans three areas at most (of 40).
    for (const job of jobs) expect(new Set(job.map((id) => areaOf.get(id))).size).toBeLessThanOrEqual(3);
    // Within an area, site order.
    expect(jobs[0]!.slice(0, 3)).toEqual([40, 80, 120]);
  });

  it('keeps every worker slot busy with a few jobs, never below MIN_SITES_PER_JOB sites', () => {
    const thousand = province.slice(0, 1000);
    expect(siteBatches(thousand, 4)).toHaveLength(16); // 63 sites each: 4 jobs a slot
    expect(siteBatches(province.slice(0, 30), 4).map((j) => j.length)).toEqual([MIN_SITES_PER_JOB, 10]);
    expect(siteBatches([], 2)).toEqual([]);
  });

  it('puts the sites without an area last', () => {
    const jobs = siteBatches(
      [
        { siteId: 1, areaId: null },
        { siteId: 2, areaId: 7 },
        { siteId: 3, areaId: 5 },
      ],
      1,
    );
    expect(jobs).toEqual([[3, 2, 1]]);
  });
});
