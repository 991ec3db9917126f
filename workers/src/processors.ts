import { pruneOutboxJob } from '@skywater/core/jobs/maintenance-jobs';
import {
  rescoreAllJob,
  scoreEmergingJob,
  scoreRoundJob,
  scoreSeriesJob,
  scoreSitesJob,
} from '@skywater/core/jobs/scoring-jobs';
import { pruneOutbox } from './maintenance/prune-outbox';
import { rescoreAll } from './scoring/rescore-all';
import { scoreEmerging } from './scoring/score-emerging';
import { scoreRound } from './scoring/score-round';
import { scoreSeries } from './scoring/score-series';
import { scoreSites } from './scoring/score-sites';
import type { ProcessorTable, ScheduledJob } from './processor';
import { surveyProcessors, surveySchedules } from './survey/survey-processors';

/**
 * Every processor, by queue and job name (each job's contract is in core/src/jobs; the
 * processor-table test checks that every contract has its processor and no processor lacks one).
 */
export const processors: ProcessorTable = {
  maintenance: { [pruneOutboxJob.name]: pruneOutbox },
  scoring: {
    [scoreSeriesJob.name]: scoreSeries,
    [scoreSitesJob.name]: scoreSites,
    [rescoreAllJob.name]: rescoreAll,
  },
  hotspots: { [scoreRoundJob.name]: scoreRound, [scoreEmergingJob.name]: scoreEmerging },
  ...surveyProcessors,
};

/** Every recurring job. */
export const schedules: ScheduledJob[] = [
  { job: rescoreAllJob, schedulerId: 'nightly-rescore', pattern: '30 2 * * *' },
  ...surveySchedules,
  { job: pruneOutboxJob, schedulerId: 'nightly-prune-outbox', pattern: '0 3 * * *' },
];
