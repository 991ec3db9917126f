import type { ProcessorTable, ScheduledJob } from '../processor';
import { processImage } from './process-image';
import { updateCoverage } from './update-coverage';

/** The drone survey's jobs: one per uploaded photo, and coverage updates per area. */
export const surveyProcessors: ProcessorTable = {
  images: { 'process-image': processImage },
  coverage: { 'update-coverage': updateCoverage },
};

/**
 * A sweep every 5 minutes adds footprints that arrived while their area's update was running
 * (a deduplicated job is not queued again while one is active).
 */
export const surveySchedules: ScheduledJob[] = [
  { queue: 'coverage', schedulerId: 'coverage-sweep', jobName: 'update-coverage', pattern: '*/5 * * * *' },
];
