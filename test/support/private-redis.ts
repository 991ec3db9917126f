import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A redis-server of the test's own on a free port, so a fault test can stop and restart it. */
export interface PrivateRedis {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * `appendOnly`: persist every write to an append-only file in a temporary directory (fsync
 * always), as a production Redis does, so a restart keeps the queues; by default nothing is kept.
 */
export async function startPrivateRedis(options: { appendOnly?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = options.appendOnly ? fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-redis-')) : null;
  const persistence = dir
    ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const start = () => {
    execFileSync('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--daemonize',
      'yes',
      '--save',
      '',
      ...persistence,
      '--maxmemory-policy',
      'noeviction',
    ]);
    for (let i = 0; i < 50; i++) {
      if (
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .includes('PONG')
      )
        return;
      spawnSync('sleep', ['0.1']);
    }
    throw new Error(`private redis-server on port ${port} did not start`);
  };
  start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => void spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']),
    /** Stops it and removes its files. */
    destroy() {
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    start,
  };
}
