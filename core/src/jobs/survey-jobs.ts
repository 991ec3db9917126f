import { z } from 'zod';
import { defineJob } from './job-contract';

const imageId = z.coerce.number().int().positive();

/** Metadata, footprint, QC and thumbnail of one uploaded photo. */
export const processImageJob = defineJob({
  queue: 'images',
  name: 'process-image',
  data: z.object({ imageId }),
});

/**
 * The photo's 1280 px web preview, after process-image stored it. Prioritised so that it waits
 * while photos wait for their thumbnail, metadata and footprint.
 */
export const makePreviewJob = defineJob({
  queue: 'images',
  name: 'make-preview',
  data: z.object({ imageId }),
  priority: 10,
});

/**
 * An area's coverage: builds its grid if new, then takes its pending footprint changes. Without
 * `areaId` (the 5-minute sweep) every area, with a check for drifted cells. Also queued by the
 * images trigger (sql/010_coverage_union.sql) with `{ areaId }`.
 */
export const updateCoverageJob = defineJob({
  queue: 'coverage',
  name: 'update-coverage',
  data: z.object({ areaId: z.coerce.number().int().positive().optional() }),
});
