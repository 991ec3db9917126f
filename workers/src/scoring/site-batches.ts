import { SCORE_SITES_MAX_SITES } from '@skywater/core/jobs/scoring-jobs';
/** Fewest sites in a `score-sites` job: below this a job's fixed reads outweigh its series. */
export const MIN_SITES_PER_JOB = 20;
export const MAX_SITES_PER_JOB = SCORE_SITES_MAX_SITES;
/** Jobs per worker slot, so the slots finish together whatever one job costs. */
const JOBS_PER_SLOT = 4;

/** A site to re-score and its survey area (null: none). */
export interface SiteInArea {
  siteId: number;
  areaId: number | null;
}

/**
 * The sites of a re-score cut into `score-sites` jobs, area by area (site order within one): as
 * few jobs as keep every worker slot busy (`concurrency` jobs at a time, a few each) and no more
 * than MAX_SITES_PER_JOB sites in one. A job reads the samples of its sites' areas (the rounds'
 * positions and the AMP/METH reference are an area's), so a job of one or two areas reads a
 * few thousand samples where a job of sites spread over the province read them all.
 */
export function siteBatches(sites: readonly SiteInArea[], concurrency: number): number[][] {
  const ordered = [...sites].sort(
    (a, b) => (a.areaId ?? Infinity) - (b.areaId ?? Infinity) || a.siteId - b.siteId,
  );
  const perJob = Math.min(
    MAX_SITES_PER_JOB,
    Math.max(MIN_SITES_PER_JOB, Math.ceil(ordered.length / (Math.max(1, concurrency) * JOBS_PER_SLOT))),
  );
  const batches: number[][] = [];
  for (let start = 0; start < ordered.length; start += perJob)
    batches.push(ordered.slice(start, start + perJob).map((s) => s.siteId));
  return batches;
}
