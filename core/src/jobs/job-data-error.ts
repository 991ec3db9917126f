import type { z } from 'zod';
import type { JobContract, JobData } from './job-contract';

/** A job's data does not match its contract: running it again cannot help. */
export class JobDataError extends Error {
  override readonly name = 'JobDataError';
  constructor(
    readonly queue: string,
    readonly jobName: string,
    readonly issues: string[],
  ) {
    super(`job "${jobName}" on queue ${queue} has invalid data: ${issues.join('; ')}`);
  }
}

/** Parses a job's data against its contract, or throws JobDataError naming every bad field. */
export function parseJobData<J extends JobContract>(contract: J, data: unknown): JobData<J> {
  const parsed = contract.data.safeParse(data ?? {});
  if (parsed.success) return parsed.data as JobData<J>;
  throw new JobDataError(contract.queue, contract.name, describeIssues(parsed.error));
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(data)'}: ${issue.message}`,
  );
}
