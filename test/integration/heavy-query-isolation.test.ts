import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '@skywater/core/db/pglite-db';
import { StatementTimeoutError } from '@skywater/core/db/statement-timeout';
import { createUserIfMissing } from '../../server/src/auth/users';
import { serveCounting } from '../support/counting-db';
import { eventually } from '../support/eventually';
import { testBackend } from '../support/test-db';
import { startTestApp, TEST_PASSWORD, TestClient, type TestApp } from '../support/test-app';

/**
 * One slow statement must not freeze the service for everyone else: the embedded database runs
 * in its own thread (the event loop stays free while it works), a person's statements go before
 * queued job statements there, and every class of work has a ceiling per statement on both
 * backends. Orderings are asserted, never timings.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
});
afterAll(async () => {
  await app?.close();
});

/** Starts `work` and reports, at any moment, whether it has settled yet. */
function inFlight(work: Promise<unknown>) {
  let settled = false;
  const done = work.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, done };
}

describe(`a slow statement in the database (${testBackend()})`, () => {
  it(
    'leaves /api/health answering, and the event loop turning, while it runs',
    { timeout: 300_000 },
    async () => {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      // Long enough that, even on a busy machine (a login took 30 s at a load average of 45 on 2
      // cores), health and the server's login are asked and answered inside it.
      const slow = inFlight(app.db.query('select pg_sleep(45)'));
      try {
        const anonymous = new TestClient(app.baseUrl);
        for (let i = 0; i < 3; i++) {
          const health = await anonymous.get('/api/health');
          expect(health.status).toBe(200);
        }
        expect(slow.settled()).toBe(false);
        expect(ticks).toBeGreaterThan(0);
        if (testBackend() === 'server') {
          // On a server the pool's other connections serve a login meanwhile; the embedded
          // database has one backend, so there a login waits for the statement to end.
          const login = await new TestClient(app.baseUrl).login('analyst', TEST_PASSWORD);
          expect(login.status).toBe(200);
          expect(slow.settled()).toBe(false);
        }
      } finally {
        clearInterval(ticker);
        await slow.done;
      }
    },
  );

  it('fails a statement past its class ceiling with 503 statement_timeout; the next statement is answered', async () => {
    const tiles = app.db.withStatementTimeout(300);
    const error = await tiles.query('select pg_sleep(3)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutError);
    expect((error as StatementTimeoutError).status).toBe(503);
    expect((error as StatementTimeoutError).code).toBe('statement_timeout');
    // (Embedded: PGlite cannot interrupt the sleep, so the next statement waits for its end.)
    expect((await app.db.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
  });

  it('rolls back a transaction whose statement passes the ceiling, storing nothing', async () => {
    await app.db.exec('create table if not exists timeout_probe (id int primary key)');
    const error = await app.db
      .withStatementTimeout(300)
      .transaction(async (tx) => {
        await tx.query('insert into timeout_probe values (1)');
        await tx.query('select pg_sleep(3)');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutError);
    // (Embedded: the sleep ends in the database's thread, then the rollback runs.)
    const { rows } = await app.db.query<{ n: number }>('select count(*)::int as n from timeout_probe');
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe(`job statements and a person's request (${testBackend()})`, () => {
  it("answers a person's statement before job statements queued ahead of it", async () => {
    // Four job statements at once, as several workers' jobs would queue them; well under the
    // server pool's ten connections, so there some are left free for the rest.
    const jobs = app.db.withStatementTimeout(0, 'jobs');
    const statements = Array.from({ length: 4 }, () => inFlight(jobs.query('select pg_sleep(3)')));
    try {
      const { rows } = await app.db.withStatementTimeout(5_000, 'api').query<{ n: number }>('select 1 as n');
      expect(rows).toEqual([{ n: 1 }]);
      // Embedded (one backend), it ran right after the job statement already running; behind
      // the queue, all four would have ended first. A server runs it on a free connection.
      const ended = statements.filter((s) => s.settled()).length;
      expect(ended, `${ended} of 4 job statements ended before it`).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all(statements.map((s) => s.done));
    }
  });

  it("starts no job statement between two statements of a person's open request", async () => {
    const end = app.db.foreground();
    try {
      const job = inFlight(app.db.withStatementTimeout(0, 'jobs').query('select 1'));
      // The request's first statement, a pause (a password hash, say), then its second.
      await app.db.query('select 1');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await app.db.query('select 2');
      if (testBackend() === 'embedded') {
        // One backend: the job statement was held for the request, and runs once it ends.
        expect(job.settled()).toBe(false);
        end();
      }
      // A server's pool ran it side by side meanwhile (there the lease does nothing).
      await job.done;
      expect(job.settled()).toBe(true);
    } finally {
      end();
    }
  });

  it(
    'answers a login and health while job statements queued before them still wait or run',
    { timeout: 300_000 },
    async () => {
      // Each far longer than a login's password hashing takes on a loaded machine, so on a server
      // (where they run side by side with the login) they are still running when it is answered.
      const jobs = app.db.withStatementTimeout(0, 'jobs');
      const statements = Array.from({ length: 3 }, () => inFlight(jobs.query('select pg_sleep(45)')));
      try {
        expect((await new TestClient(app.baseUrl).get('/api/health')).status).toBe(200);
        const login = await new TestClient(app.baseUrl).login('analyst', TEST_PASSWORD);
        expect(login.status).toBe(200);
        const ended = statements.filter((s) => s.settled()).length;
        // Embedded: one ran before health, one may have started between health and the login; no
        // job statement starts inside the login (its lease), so the third still waits.
        expect(ended, `${ended} of 3 job statements ended before the login was answered`).toBeLessThan(3);
      } finally {
        await Promise.all(statements.map((s) => s.done));
      }
    },
  );
});

describe(`what a request waits for while the database is held (${testBackend()})`, () => {
  let served: Awaited<ReturnType<typeof serveCounting>>;
  /** Tile statements the counted application sent to the database. */
  let tileStatements = 0;
  /** Called with each statement the counted application sends, as it sends it. */
  let onStatement: (sql: string) => void = () => undefined;

  beforeAll(async () => {
    served = await serveCounting(app, (sql) => {
      if (sql.includes('st_tileenvelope')) tileStatements++;
      onStatement(sql);
    });
  });
  afterAll(async () => {
    await served?.close();
  });

  /**
   * Holds the database until the returned `release` is called: a transaction stays open, and on
   * the embedded database no other statement runs until it ends (on a server, only its
   * connection is taken). Resolves once the transaction has begun.
   */
  async function holdDatabase() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const hasBegun = new Promise<void>((resolve) => (begun = resolve));
    const held = inFlight(
      app.db.transaction(async (tx) => {
        await tx.query('select 1');
        begun();
        await gate;
      }),
    );
    await hasBegun;
    return { held, release };
  }

  it('answers a cached tile and /api/health without asking the database', { timeout: 300_000 }, async () => {
    const analyst = await app.client('analyst');
    const client = Object.assign(new TestClient(served.url), {
      cookie: analyst.cookie,
      csrfToken: analyst.csrfToken,
    });
    const tile = '/tiles/sites/10/825/453.pbf';
    // Until the caches follow the database's notifications they keep nothing: ask until a
    // repeat of the tile is answered without a tile statement.
    expect(
      await eventually(async () => {
        const before = tileStatements;
        return (await client.get(tile)).status === 200 && tileStatements === before;
      }),
    ).toBe(true);
    const { held, release } = await holdDatabase();
    try {
      const before = tileStatements;
      const cached = await client.get(tile);
      expect(cached.status).toBe(200);
      expect(tileStatements).toBe(before);
      expect((await new TestClient(served.url).get('/api/health')).status).toBe(200);
      // Both answered while the database was still held: neither waited for it.
      expect(held.settled()).toBe(false);
    } finally {
      release();
      await held.done;
    }
  });

  it("writes a login's failure count, session and audit row together: a statement sent after its first write sees all or none", async () => {
    await createUserIfMissing(app.db, {
      username: 'heavy-login',
      password: TEST_PASSWORD,
      roles: ['analyst'],
    });
    const userId = (await app.db.query<{ id: number }>(`select id from users where username = 'heavy-login'`))
      .rows[0]!.id;
    const countsOf = () =>
      app.db.query<{ sessions: number; logins: number }>(
        `select (select count(*)::int from sessions where user_id = $1) as sessions,
                (select count(*)::int from audit_log where action = 'login' and actor_id = $1) as logins`,
        [userId],
      );
    const before = (await countsOf()).rows[0]!;
    let probe: Promise<{ sessions: number; logins: number }> | undefined;
    onStatement = (sql) => {
      // Sent just after the login's first write has been sent (as another person's would be).
      if (!probe && sql.includes('set failed_logins = 0'))
        probe = new Promise((resolve) => setImmediate(resolve)).then(async () => (await countsOf()).rows[0]!);
    };
    try {
      const login = await new TestClient(served.url).login('heavy-login', TEST_PASSWORD);
      expect(login.status).toBe(200);
    } finally {
      onStatement = () => undefined;
    }
    expect(probe).toBeDefined();
    const seen = await probe!;
    const after = (await countsOf()).rows[0]!;
    expect(after).toEqual({ sessions: before.sessions + 1, logins: before.logins + 1 });
    // Never the session without its audit row: the login's writes are one transaction.
    expect(seen.sessions - before.sessions).toBe(seen.logins - before.logins);
    if (testBackend() === 'embedded') {
      // One backend: the probe waited for the login's transaction whole, so a login waits for
      // other people's statements before its read and its transaction, never between its writes.
      expect(seen).toEqual(after);
    }
  });
});

describe('the embedded database: a statement whose caller stopped waiting', () => {
  it('is withdrawn before it starts, so it changes nothing', { timeout: 600_000 }, async () => {
    // Its own database on either backend (starting PGlite with PostGIS takes a minute when busy).
    const embedded = await createPgliteDb();
    try {
      await embedded.exec('create table withdrawn_probe (id int primary key)');
      const slow = embedded.withStatementTimeout(0, 'jobs').query('select pg_sleep(2)');
      const error = await embedded
        .withStatementTimeout(200, 'jobs')
        .query('insert into withdrawn_probe values (1)')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatementTimeoutError);
      await slow;
      const { rows } = await embedded.query<{ n: number }>('select count(*)::int as n from withdrawn_probe');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await embedded.close();
    }
  });
});

describe('the sites tile without a round', () => {
  // The tile of the probe's request (zoom 8, 206/114: 109.7-111.1° E, 18.0-19.3° N), with a site at Qionghai.
  const tile = '/tiles/sites/8/206/114.pbf';
  let latestRoundId: number;
  let olderRoundId: number;

  beforeAll(async () => {
    await app.db.transaction(async (tx) => {
      const round = async (name: string, startsOn: string, endsOn: string) =>
        (
          await tx.query<{ id: number }>(
            `insert into rounds (name, starts_on, ends_on) values ($1, $2, $3) returning id`,
            [name, startsOn, endsOn],
          )
        ).rows[0]!.id;
      olderRoundId = await round('重负载测试 2025-03', '2025-03-01', '2025-03-07');
      latestRoundId = await round('重负载测试 2025-04', '2025-04-01', '2025-04-07');
      // A later round with no samples yet: the default is the latest round that has some.
      await round('重负载测试 2025-05', '2025-05-01', '2025-05-07');
      const site = (
        await tx.query<{ id: number }>(
          `insert into sites (code, name, kind, geom, population_served)
           values ('HEAVY-QH-1', '琼海重负载测试点', 'wwtp', st_setsrid(st_makepoint(110.47, 19.25), 4326), 400000)
           returning id`,
        )
      ).rows[0]!.id;
      for (const [roundId, day, valueNgL] of [
        [olderRoundId, '2025-03-03', 120],
        [latestRoundId, '2025-04-03', 45],
      ] as const) {
        const sample = (
          await tx.query<{ id: number }>(
            `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end,
                                  collection_type, flow_m3_per_day)
             values ($1, $2, $3, $4::date, $4::date + 1, 'composite_flow', 150000) returning id`,
            [site, roundId, `HEAVY-${day}`, day],
          )
        ).rows[0]!.id;
        await tx.query(
          `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l) values ($1, 'METH', '=', $2)`,
          [sample, valueNgL],
        );
      }
    });
  });

  it("answers with the latest round's loads, the same tile as naming that round", async () => {
    const analyst = await app.client('analyst');
    const loadIn = async (query: string) => {
      const reply = await analyst.get(`${tile}?${query}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const layer = new VectorTile(new Protobuf(reply.body as Buffer)).layers.sites!;
      const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
      return features.find((p) => p.code === 'HEAVY-QH-1')?.normalisedLoadMgPerDayPer1000;
    };
    const byDefault = await loadIn('analyte=METH');
    // 45 ng/L × 150,000 m³/day × 10⁻³ ÷ (400,000 / 1000) = 16.875 mg/day/1000 inhabitants.
    expect(byDefault).toBeCloseTo(16.875, 6);
    expect(await loadIn(`analyte=METH&roundId=${latestRoundId}`)).toBeCloseTo(16.875, 6);
    expect(await loadIn(`analyte=METH&roundId=${olderRoundId}`)).toBeCloseTo(45, 6);
  });
});
