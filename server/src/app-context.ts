import type { Config } from '@skywater/core/config/config';
import type { Db } from '@skywater/core/db/db';
import type { ReadRouting } from '@skywater/core/db/read-replica';
import type { Logger } from '@skywater/core/log/logger';

/** What request handlers may use: the database, the log, the configuration, and a nudge for the outbox relay. */
export interface AppContext {
  config: Config;
  db: Db;
  /** Where pure reads go: `reads.forRead(req.user?.id)` is the read replica when one is configured and current. */
  reads: ReadRouting;
  log: Logger;
  /** Tells the outbox relay that a transaction just committed jobs (it also polls on its own). */
  jobsWritten(): void;
  /** Round trip to Redis, for readiness. */
  pingRedis(): Promise<void>;
}
