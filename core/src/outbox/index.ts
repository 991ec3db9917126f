export * from './queue-names';
export * from './outbox';
