import { pruneOutbox } from './maintenance/prune-outbox';
import { rescoreAll } from './scoring/rescore-all';
import { scoreEmerging } from './scoring/score-emerging';
import { scoreRound } from './scoring/score-round';
import { scoreSeries } from './scoring/score-series';
import { scoreSites } from './scoring/score-sites';
import type { ProcessorTable, ScheduledJob } from './processor';
import { surveyProcessors, surveySchedules } from './survey/survey-processors';

/** Every processor, by queue and job name. Features add their entries here. */
export const processors: ProcessorTable = {
  maintenance: { 'prune-outbox': pruneOutbox },
  scoring: { 'score-series': scoreSeries, 'score-sites': scoreSites, 'rescore-all': rescoreAll },
  hotspots: { 'score-round': scoreRound, 'score-emerging': scoreEmerging },
  ...surveyProcessors,
};

/** Every recurring job. */
export const schedules: ScheduledJob[] = [
  { queue: 'scoring', schedulerId: 'nightly-rescore', jobName: 'rescore-all', pattern: '30 2 * * *' },
  ...surveySchedules,
  {
    queue: 'maintenance',
    schedulerId: 'nightly-prune-outbox',
    jobName: 'prune-outbox',
    pattern: '0 3 * * *',
  },
];
