import type { z } from 'zod';
import type { QueueName } from '../outbox/queue-names';

/**
 * One background job's contract, imported by whoever queues it and by the worker that runs it
 * (as MapLibre declares each message between its threads once): the queue, the job's name and
 * a zod schema of its data. A processor reads its data parsed by this schema, never cast.
 */
export interface JobContract<
  Q extends QueueName = QueueName,
  N extends string = string,
  S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> {
  queue: Q;
  name: N;
  data: S;
  /** BullMQ priority (a job without one runs before any prioritised job of its queue). */
  priority?: number;
}

/** The data a processor receives: what the contract's schema outputs. */
export type JobData<J extends JobContract> = z.output<J['data']>;

/** The data a producer may queue: what the contract's schema accepts. */
export type JobInput<J extends JobContract> = z.input<J['data']>;

export function defineJob<
  Q extends QueueName,
  N extends string,
  S extends z.ZodType<Record<string, unknown>>,
>(contract: JobContract<Q, N, S>): JobContract<Q, N, S> {
  return contract;
}
