import type { Server } from 'node:http';
import net from 'node:net';
import { loadConfig, type Config } from '@skywater/core/config/config';
import { openDb, StartupError } from '@skywater/core/db/open-db';
import { migrate } from '@skywater/core/db/migrate';
import { openReadRouting } from '@skywater/core/db/read-replica';
import type { Db } from '@skywater/core/db/db';
import { createLogger, type Logger } from '@skywater/core/log/logger';
import { checkS3Bucket } from '@skywater/core/storage/s3-storage';
import {
  createQueues,
  pingRedis,
  processors,
  schedules,
  startOutboxRelay,
  startWorkers,
  pingWhenReady,
  withTimeout,
  type OutboxRelay,
  type Queues,
  type RunningWorkers,
} from '@skywater/workers';
import type { AppContext } from '../app-context';
import { ensureAccounts } from '../demo/accounts';
import { loadDemoData } from '../demo/load-demo';
import { createApp } from '../http/app';
import { buildRoutes } from '../routes';
import { seedReferenceData } from '../reference/seed-reference-data';

export type ProcessMode = 'server' | 'workers' | 'all';

export interface RunningProcess {
  config: Config;
  db: Db;
  log: Logger;
  url: string | null;
  stop(): Promise<void>;
}

/**
 * Starts a process: `server` (API + web app), `workers` (BullMQ processors), or `all` (both:
 * what `npm start` runs, and the only mode with the embedded database). Fails fast, with one
 * line, when a dependency is missing; nothing is written before the checks pass.
 */
export async function runProcess(mode: ProcessMode, env = process.env): Promise<RunningProcess> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  if (config.embedded && mode !== 'all') {
    throw new StartupError(
      `The embedded database lives in one process: run "all", or set DATABASE_URL to run "${mode}" alone.`,
    );
  }
  await pingRedis(config);
  if (config.imagery.store === 's3') {
    await checkS3Bucket(config.imagery.s3).catch((error: Error) => {
      throw new StartupError(error.message);
    });
  }
  if (mode !== 'workers') await assertPortFree(config.port, config.host);
  const db = await openDb(config);
  const stops: Array<() => Promise<void>> = [() => db.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((e: Error) => log.warn({ err: e.message }, 'shutdown step failed'));
  };
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    await seedReferenceData(db);
    const accounts = await ensureAccounts(db, config);
    if (config.demo)
      await loadDemoData(db, log, {
        dataDir: config.dataDir,
        basemapDir: config.basemapDir,
        imagery: config.imagery,
        statementTimeoutMs: config.statementTimeoutMs.jobs,
      });

    const services = await startServices({ config, db, log, mode });
    stops.push(() => services.stop());
    const url = services.url;
    announce(mode, url, accounts, config);
    return { config, db, log, url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export interface RunningServices {
  url: string | null;
  queues: Queues;
  relay: OutboxRelay;
  workers: RunningWorkers | undefined;
  stop(): Promise<void>;
}

/**
 * The running parts on an open, migrated database: the outbox relay, the HTTP server (unless
 * `workers`), the BullMQ workers (unless `server`). Tests start them on their own database.
 */
export async function startServices(opts: {
  config: Config;
  db: Db;
  log: Logger;
  mode: ProcessMode;
  /** The schema the database's search path starts with (tests), for the read replica's too. */
  schema?: string;
}): Promise<RunningServices> {
  const { config, log, mode } = opts;
  // Each class of work gets its own ceiling per statement (README, "Statement timeouts").
  const apiDb = opts.db.withStatementTimeout(config.statementTimeoutMs.api, 'api');
  const jobsDb = opts.db.withStatementTimeout(config.statementTimeoutMs.jobs, 'jobs');
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    // A step that hangs (a connection stuck reconnecting) must not keep the process alive.
    const stepDeadlineMs = config.shutdownDeadlineMs + 5_000;
    for (const step of stops.reverse())
      await withTimeout(step(), stepDeadlineMs).catch((e: Error) =>
        log.warn({ err: e.message }, 'shutdown step failed'),
      );
  };
  try {
    const queues = createQueues(config, config.queuePrefix);
    stops.push(() => queues.close());
    const relay = startOutboxRelay(jobsDb, queues, log);
    stops.push(() => relay.stop());
    let url: string | null = null;
    if (mode !== 'workers') {
      const reads = openReadRouting({
        primary: apiDb,
        readUrl: config.databaseReadUrl,
        maxLagBytes: config.databaseReadMaxLagBytes,
        statementTimeoutMs: config.statementTimeoutMs.api,
        log,
        schema: opts.schema,
      });
      stops.push(() => reads.close());
      const ctx: AppContext = {
        config,
        db: apiDb,
        reads,
        log,
        jobsWritten: () => relay.kick(),
        pingRedis: () => pingWhenReady(queues.connection, 2_000),
      };
      const server = await listen(createApp(ctx, buildRoutes(ctx)), config);
      stops.push(() => closeServer(server));
      const address = server.address();
      url = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
    }
    let workers: RunningWorkers | undefined;
    if (mode !== 'server') {
      workers = await startWorkers({ db: jobsDb, log, config }, queues, processors, schedules);
      stops.push(() => workers!.close(config.shutdownDeadlineMs));
    }
    return { url, queues, relay, workers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${config.port} is already in use: stop the other process, or set PORT to a free port.`,
            )
          : error,
      );
    });
  });
}

/** Fails before anything is written when the port is taken. */
function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} is already in use: stop the other process, or set PORT to a free port.`,
            )
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Stops accepting connections, lets running requests finish, drops idle keep-alive sockets. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  });
}

function announce(mode: ProcessMode, url: string | null, accounts: string[], config: Config) {
  const lines = [
    `Skywater (${mode}) is running${url ? ` at ${url}` : ''} on ${config.embedded ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}.`,
  ];
  lines.push(...accounts);
  process.stdout.write(`${lines.join('\n')}\n`);
}
