import type { ProcessorTable, ScheduledJob } from '../processor';
import { makeImagePreview, MAKE_PREVIEW_JOB } from './make-preview';
import { processImage } from './process-image';
import { updateCoverage } from './update-coverage';

/**
 * The drone survey's jobs: per uploaded photo, `process-image` (metadata, footprint, QC,
 * thumbnail) then `make-preview` (the 1280 px preview, lower priority); coverage updates per area.
 */
export const surveyProcessors: ProcessorTable = {
  images: { 'process-image': processImage, [MAKE_PREVIEW_JOB]: makeImagePreview },
  coverage: { 'update-coverage': updateCoverage },
};

/**
 * A safety net every 5 minutes: applies any footprint still pending (e.g. its outbox row was
 * refused by Redis), then recomputes cells that disagree with their footprints. A footprint that arrives while its area's update is running needs no
 * sweep: the outbox relay adds coverage jobs with `keepLastIfActive`, so one more job runs
 * right after the active one (test/integration/survey-coverage-race.test.ts).
 */
export const surveySchedules: ScheduledJob[] = [
  { queue: 'coverage', schedulerId: 'coverage-sweep', jobName: 'update-coverage', pattern: '*/5 * * * *' },
];
