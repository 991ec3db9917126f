import { pruneOutbox } from './maintenance/prune-outbox';
import type { ProcessorTable, ScheduledJob } from './processor';

/** Every processor, by queue and job name. Features add their entries here. */
export const processors: ProcessorTable = {
  maintenance: { 'prune-outbox': pruneOutbox },
};

/** Every recurring job. */
export const schedules: ScheduledJob[] = [
  {
    queue: 'maintenance',
    schedulerId: 'nightly-prune-outbox',
    jobName: 'prune-outbox',
    pattern: '0 3 * * *',
  },
];
