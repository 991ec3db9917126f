export { createQueues, DEFAULT_JOB_OPTIONS, type Queues } from './queues';
export { createRedis, pingRedis, pingWhenReady, RedisUnreachableError, withTimeout, type RedisConnection } from './redis';
export { startOutboxRelay, type OutboxRelay } from './outbox-relay';
export { startWorkers, type RunningWorkers } from './worker-runtime';
export { processors, schedules } from './processors';
export type { JobContext, Processor, ProcessorTable, ScheduledJob } from './processor';
