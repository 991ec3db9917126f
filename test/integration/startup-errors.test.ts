import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `server/src/main.ts` as `npm start` does and collects its exit code and output. */
function start(
  env: Record<string, string>,
  mode = 'all',
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', mode], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH!,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        LOG_LEVEL: 'silent',
        DATA_DIR: '/tmp/skywater-startup-test',
        ...env,
      },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('start-up failures: one line, exit 1, nothing written', () => {
  it('names a malformed variable', async () => {
    expectOneLineError(await start({ PORT: 'eighty' }), /PORT/);
    expectOneLineError(await start({ DATABASE_URL: 'mysql://db/skywater' }), /DATABASE_URL/);
  });

  it('says Redis is not reachable and how to start it', async () => {
    expectOneLineError(
      await start({ REDIS_URL: 'redis://127.0.0.1:1' }),
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1.*redis-server/,
    );
  });

  it('says the database cannot be reached, without the password', async () => {
    const result = await start({ DATABASE_URL: 'postgres://skywater:secret@127.0.0.1:1/skywater' });
    expectOneLineError(
      result,
      /Cannot connect to DATABASE_URL \(postgres:\/\/skywater:\*\*\*@127\.0\.0\.1:1\/skywater\)/,
    );
    expect(result.stderr).not.toMatch(/secret/);
  });

  it('says the port is in use', async () => {
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      expectOneLineError(await start({ PORT: String(port) }), new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('says DATA_DIR is not usable', async () => {
    expectOneLineError(
      await start({ DATA_DIR: '/proc/skywater-data' }),
      /DATA_DIR \/proc\/skywater-data is not a readable and writable directory/,
    );
    // A regular file where the directory should be.
    expectOneLineError(
      await start({ DATA_DIR: '/etc/hostname/data' }),
      /DATA_DIR \/etc\/hostname\/data is not a readable and writable directory/,
    );
  });

  it('names the S3 variable that is missing, and says when the imagery bucket does not answer', async () => {
    expectOneLineError(await start({ IMAGERY_STORE: 's3' }), /S3_BUCKET is required when IMAGERY_STORE=s3/);
    expectOneLineError(
      await start({
        IMAGERY_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9',
        S3_BUCKET: 'skywater-imagery',
        S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        S3_SECRET_ACCESS_KEY: 'secret-example',
        // As in the image (Dockerfile): the SDK's notice about Node 22 is not a start-up error.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }),
      /imagery bucket "skywater-imagery" at http:\/\/127\.0\.0\.1:9 cannot be reached/,
    );
  });

  it('refuses to run the embedded database in a server-only process', async () => {
    expectOneLineError(await start({}, 'server'), /embedded database lives in one process/);
  });
});
