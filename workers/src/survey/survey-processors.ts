import { makePreviewJob, processImageJob, updateCoverageJob } from '@skywater/core/jobs/survey-jobs';
import type { ProcessorTable, ScheduledJob } from '../processor';
import { makeImagePreview } from './make-preview';
import { processImage } from './process-image';
import { updateCoverage } from './update-coverage';

/**
 * The drone survey's jobs: per uploaded photo, `process-image` (metadata, footprint, QC,
 * thumbnail) then `make-preview` (the 1280 px preview, lower priority); coverage updates per area.
 */
export const surveyProcessors: ProcessorTable = {
  images: { [processImageJob.name]: processImage, [makePreviewJob.name]: makeImagePreview },
  coverage: { [updateCoverageJob.name]: updateCoverage },
};

/**
 * A safety net every 5 minutes: applies any footprint still pending (e.g. its outbox row was
 * refused by Redis), then recomputes cells that disagree with their footprints. A footprint that
 * arrives while its area's update is running needs no sweep: the outbox relay adds coverage jobs
 * with `keepLastIfActive`, so one more job runs right after the active one
 * (test/integration/survey-coverage-race.test.ts).
 */
export const surveySchedules: ScheduledJob[] = [
  { job: updateCoverageJob, schedulerId: 'coverage-sweep', pattern: '*/5 * * * *' },
];
