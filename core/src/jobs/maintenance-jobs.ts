import { z } from 'zod';
import { defineJob } from './job-contract';

/** Removes relayed outbox rows after their diagnosis period. */
export const pruneOutboxJob = defineJob({
  queue: 'maintenance',
  name: 'prune-outbox',
  data: z.object({}),
});
