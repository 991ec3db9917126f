/**
 * The background queues, named in one place. BullMQ objects live in `workers/`; the names are
 * plain data so that the outbox (here) and the server can name a queue without a Redis client.
 */
export const QUEUE_NAMES = ['scoring', 'hotspots', 'images', 'coverage', 'reports', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
