import { pruneOutbox } from './maintenance/prune-outbox';
import type { ProcessorTable, ScheduledJob } from './processor';
import { surveyProcessors, surveySchedules } from './survey/survey-processors';

/** Every processor, by queue and job name. Features add their entries here. */
export const processors: ProcessorTable = {
  maintenance: { 'prune-outbox': pruneOutbox },
  ...surveyProcessors,
};

/** Every recurring job. */
export const schedules: ScheduledJob[] = [
  ...surveySchedules,
  {
    queue: 'maintenance',
    schedulerId: 'nightly-prune-outbox',
    jobName: 'prune-outbox',
    pattern: '0 3 * * *',
  },
];
