import { z } from 'zod';
import { defineJob } from './job-contract';

/** An import's batch id, a correction's `rev-<id>`, or null for the nightly re-score. */
const batchId = z.union([z.number(), z.string()]).nullish();

/**
 * Trend and spike of one site × analyte series (queued per series an import or a correction
 * touched, deduplicated per series while one waits).
 */
export const scoreSeriesJob = defineJob({
  queue: 'scoring',
  name: 'score-series',
  data: z.object({
    siteId: z.coerce.number().int().positive(),
    analyteCode: z.string().min(1).max(16),
    batchId,
    /** Recompute even when the inputs did not change (the stored score is then rewritten). */
    force: z.boolean().optional(),
  }),
});

/**
 * Most sites a `score-sites` job is given: its transaction holds one advisory lock per site (the
 * server's shared lock table is ~6,400 entries by default) and a few seconds of maths.
 */
export const SCORE_SITES_MAX_SITES = 200;

/**
 * The series of a few sites: the nightly re-score's unit of work (every series), and a large
 * import's (the analytes it touched).
 */
export const scoreSitesJob = defineJob({
  queue: 'scoring',
  name: 'score-sites',
  data: z.object({
    siteIds: z.array(z.coerce.number().int().positive()).min(1).max(1_000),
    /** Only these analytes' series (with their companions'); every analyte when absent. */
    analyteCodes: z.array(z.string().min(1).max(16)).min(1).max(200).optional(),
    batchId,
    /** Recompute even when the inputs did not change. */
    force: z.boolean().optional(),
  }),
});

/** The nightly re-score: queues score-sites and score-round for everything stored. */
export const rescoreAllJob = defineJob({
  queue: 'scoring',
  name: 'rescore-all',
  data: z.object({}),
});

/** Gi* hot spots of one round for every analyte. */
export const scoreRoundJob = defineJob({
  queue: 'hotspots',
  name: 'score-round',
  data: z.object({
    roundId: z.coerce.number().int().positive(),
    batchId,
    /** Overrides of the neighbourhood (default: the configured distance band). */
    distanceBandM: z.number().positive().max(100_000).optional(),
    kNearest: z.number().int().min(1).max(50).optional(),
  }),
});

/** Emerging hot spot patterns and hot spot alerts, after a burst of rounds was scored. */
export const scoreEmergingJob = defineJob({
  queue: 'hotspots',
  name: 'score-emerging',
  data: z.object({
    /** The generation of the round job that asked (for the logs: the job covers all committed ones). */
    generation: z.coerce.number().int().nonnegative().optional(),
  }),
});
