import { UnrecoverableError } from 'bullmq';
import type { JobDataError } from '@skywater/core/jobs/job-data-error';

/**
 * A job whose data does not match its contract (core/src/jobs): BullMQ fails it at once, without
 * the retries a transient error gets, and keeps the message naming each bad field.
 */
export class InvalidJobDataError extends UnrecoverableError {
  constructor(cause: JobDataError) {
    super(cause.message);
    this.name = 'InvalidJobDataError';
  }
}
