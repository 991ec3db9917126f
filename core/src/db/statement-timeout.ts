import { AppError } from '../errors/app-error';

/**
 * The classes of work that share the database, each with its own ceiling per statement, so
 * one slow query cannot hold a connection (or the embedded database's one backend) for long.
 */
export type StatementClass = 'api' | 'tiles' | 'jobs';

/** SQLSTATE 57014 (query_canceled): PostgreSQL's answer when statement_timeout is exceeded. */
export const QUERY_CANCELED = '57014';

/** 503: a statement ran past its class's ceiling and was cancelled (or abandoned, embedded). */
export class StatementTimeoutError extends AppError {
  constructor(readonly timeoutMs: number) {
    super(
      503,
      'statement_timeout',
      `The database did not answer within ${timeoutMs / 1000} s; try again shortly, or narrow the request`,
    );
  }
}
