import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, quoteIdent } from '@skywater/core/db/pg-db';
import { layRuntimeTree } from '../../server/bin/runtime-tree.mjs';
import { TestClient } from '../support/test-app';
import { testBackend } from '../support/test-db';
import { createArea, demoPhoto, uploadDemoFlight, uploadImages } from './survey-helpers';

/**
 * The processes as production runs them: compiled to JavaScript (server/bin/build.mjs), in the
 * image's runtime tree with only the runtime dependencies (`npm ci --omit=dev`, no tsx, no
 * TypeScript), NODE_ENV=production, and nothing of the test environment but the database and
 * Redis. On a PostgreSQL server: the compiled `migrate` command, then `server` and `workers` as
 * two processes, as docker-compose.yml starts them; on the embedded database: `all`. The tree
 * is laid once per run (CI lays it once for both backends: SKYWATER_RUNTIME_DIR).
 */
const ADMIN_PASSWORD = 'Production-admin-2026';
const backend = testBackend();
let runtimeDir: string;
let ownTree = false;
let dataDir: string;
let schema: string | null = null;
let baseUrl: string;
const processes: ChildProcess[] = [];
const logs: string[] = [];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** The environment of a container: no NODE_OPTIONS, no loader, nothing inherited but PATH. */
function productionEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH!,
    HOME: dataDir,
    NODE_ENV: 'production',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `{prod-${randomBytes(4).toString('hex')}}`,
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    // The embedded database turns demo mode on by default; a deployment never runs it.
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function startCompiled(mode: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/src/main.js', mode], {
    cwd: runtimeDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const remember = (chunk: Buffer) => logs.push(`[${mode}] ${chunk.toString()}`);
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);
  processes.push(child);
  return child;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${logs.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  runtimeDir = process.env.SKYWATER_RUNTIME_DIR ?? '';
  if (!runtimeDir) {
    runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-runtime-'));
    ownTree = true;
    await layRuntimeTree(runtimeDir);
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-prod-data-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env = productionEnv({ PORT: String(port), HOST: '127.0.0.1' });
  if (backend === 'server') {
    schema = `t_prod_${randomBytes(5).toString('hex')}`;
    const admin = createPgDb({ connectionString: process.env.TEST_DATABASE_URL!, max: 1 });
    await admin.exec(`create schema ${quoteIdent(schema)}`);
    await admin.close();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema},public`);
    env.DATABASE_URL = url.toString();
  }
  if (backend === 'server') {
    // The compiled migrate command first, as docker-compose.yml's `migrate` service runs it
    // (the embedded database's one process migrates at start: a fresh PGlite takes minutes
    // on a busy machine, so it is not created twice).
    const migrated = spawnSync(process.execPath, ['dist/server/src/migrate.js'], {
      cwd: runtimeDir,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    logs.push(`[migrate] ${migrated.stdout}${migrated.stderr}`);
    if (migrated.status !== 0)
      throw new Error(`migrate failed (${migrated.signal ?? migrated.status}):\n${logs.join('')}`);
    startCompiled('server', env);
    startCompiled('workers', env);
  } else {
    startCompiled('all', env);
  }
  await eventually(
    'the compiled server ready',
    async () => ((await fetch(`${baseUrl}/api/ready`)).status === 200 ? true : undefined),
    600_000,
  );
}, 1_200_000);

afterAll(async () => {
  for (const child of processes) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 20_000);
        child.once('exit', () => (clearTimeout(timer), resolve(null)));
      });
    }
  }
  if (schema) {
    const admin = createPgDb({ connectionString: process.env.TEST_DATABASE_URL!, max: 1 });
    await admin.exec(`drop schema ${quoteIdent(schema)} cascade`);
    await admin.close();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (ownTree) fs.rmSync(runtimeDir, { recursive: true, force: true });
});

async function loggedInAdmin(): Promise<TestClient> {
  const admin = new TestClient(baseUrl);
  await admin.login('admin', ADMIN_PASSWORD);
  return admin;
}

describe(`the compiled processes in production (${backend} database)`, () => {
  it('run from a tree with only runtime dependencies, where tsx cannot be loaded', () => {
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'esbuild', 'eslint'])
      expect(fs.existsSync(path.join(runtimeDir, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(fs.existsSync(path.join(runtimeDir, 'dist/server/src/main.js'))).toBe(true);
    expect(fs.readdirSync(runtimeDir).sort()).not.toContain('test');
    const tsx = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('tsx')"], {
      cwd: path.join(runtimeDir, 'dist/server/src'),
      env: { PATH: process.env.PATH! },
      encoding: 'utf8',
    });
    expect(tsx.status).not.toBe(0);
    expect(tsx.stderr).toMatch(/Cannot find package 'tsx'/);
    for (const child of processes) expect(child.exitCode).toBeNull();
  });

  it('created the first admin from ADMIN_PASSWORD, and no demo account', async () => {
    const admin = await loggedInAdmin();
    const me = await admin.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user ?? me.body).toMatchObject({ username: 'admin' });
    const demo = await new TestClient(baseUrl).request('POST', '/api/auth/login', {
      username: 'analyst',
      password: ADMIN_PASSWORD,
    });
    expect(demo.status).toBe(401);
  });

  it('serves the built web app', async () => {
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
  });

  it('imports a lab file and prints the round bulletin as a PDF that carries Chinese text', async () => {
    const admin = await loggedInAdmin();
    const site = await admin.post('/api/sites', {
      code: 'PROD-WWTP-1',
      name: '生产验证污水处理厂',
      kind: 'wwtp',
      lon: 110.3,
      lat: 20.0,
      populationServed: 400_000,
    });
    expect(site.status).toBe(201);
    const round = await admin.post('/api/rounds', {
      name: '生产验证轮次',
      startsOn: '2025-03-01',
      endsOn: '2025-03-31',
    });
    expect(round.status).toBe(201);
    const header =
      'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq,lab,method,replicate';
    const rows = ['METH', 'KET', 'MDMA'].map(
      (analyte, i) =>
        `PROD-WWTP-1,生产验证轮次,P-${i},2025-03-10 08:00,2025-03-11 08:00,composite_flow,120000,,${analyte},${30 + i * 5},ng/L,0.5,1,海南检测中心,SPE-LC-MS/MS,1`,
    );
    const form = new FormData();
    form.append('file', new Blob([`${header}\n${rows.join('\n')}\n`]), 'results.csv');
    const imported = await admin.post('/api/lab/imports', form);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);

    const pdf = await admin.get(`/api/reports/bulletin.pdf?roundId=${round.body.id}`);
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(dataDir, 'bulletin.pdf');
    fs.writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('污水毒情监测评估预警通报');
    expect(text).toContain('生产验证轮次');
  });

  it('makes the thumbnail of an uploaded photo in the compiled workers (sharp from the runtime tree)', async () => {
    const admin = await loggedInAdmin();
    const flightId = await uploadDemoFlight(admin, await createArea(admin, '生产验证踏查区'));
    const upload = await uploadImages(admin, flightId, [{ name: 'DJI_0001.JPG', content: demoPhoto(1) }]);
    expect(upload.status).toBe(202);
    const imageId = upload.body.accepted[0].id as number;
    const thumbnail = await eventually(
      'the thumbnail',
      async () => {
        const reply = await admin.get(`/api/images/${imageId}/thumbnail`);
        return reply.status === 200 ? reply : undefined;
      },
      180_000,
    );
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect((thumbnail.body as Buffer).subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});
