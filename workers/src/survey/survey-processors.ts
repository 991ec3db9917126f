import type { ProcessorTable, ScheduledJob } from '../processor';
import { processImage } from './process-image';
import { updateCoverage } from './update-coverage';

/** The drone survey's jobs: one per uploaded photo, and coverage updates per area. */
export const surveyProcessors: ProcessorTable = {
  images: { 'process-image': processImage },
  coverage: { 'update-coverage': updateCoverage },
};

/**
 * A safety net every 5 minutes: applies any footprint still pending (e.g. its outbox row was
 * refused by Redis). A footprint that arrives while its area's update is running needs no
 * sweep: the outbox relay adds coverage jobs with `keepLastIfActive`, so one more job runs
 * right after the active one (test/integration/survey-coverage-race.test.ts).
 */
export const surveySchedules: ScheduledJob[] = [
  { queue: 'coverage', schedulerId: 'coverage-sweep', jobName: 'update-coverage', pattern: '*/5 * * * *' },
];
