import { ConfigError } from '@skywater/core/config/config';
import { StartupError } from '@skywater/core/db/open-db';
import { EmbeddedDatabaseInUseError } from '@skywater/core/db/pglite-db';
import { RedisUnreachableError } from '@skywater/workers';
import { runProcess, type ProcessMode } from './processes/run-process';

/**
 * Entry point: `tsx server/src/main.ts [all|server|workers]` (default `all`).
 * Start-up failures print one line and exit 1; SIGTERM/SIGINT shut down gracefully.
 */
const mode = (process.argv[2] ?? 'all') as ProcessMode;
if (!['all', 'server', 'workers'].includes(mode)) {
  process.stderr.write(`Unknown process "${mode}": use all, server or workers.\n`);
  process.exit(2);
}

const EXPECTED = [ConfigError, StartupError, RedisUnreachableError, EmbeddedDatabaseInUseError];

try {
  const running = await runProcess(mode);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    running.log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  const known = EXPECTED.some((kind) => error instanceof kind);
  process.stderr.write(`${known ? '' : 'Start-up failed: '}${(error as Error).message}\n`);
  process.exit(1);
}
