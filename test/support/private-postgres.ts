import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port), so
 * a fault test can stop and start the database server without touching anyone else's.
 * Uses the PostgreSQL binaries installed on the machine (Debian: /usr/lib/postgresql/N/bin).
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version)
    throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(root, version, 'bin');
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-pg-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: run its tools as the postgres user then.
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'pipe' });
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (action: 'start' | 'stop') =>
    run(
      'pg_ctl',
      action === 'start'
        ? [
            '-D',
            dir,
            '-w',
            '-l',
            path.join(dir, 'server.log'),
            '-o',
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
            'start',
          ]
        : ['-D', dir, '-w', '-m', 'fast', 'stop'],
    );
  pgCtl('start');
  const psql = (sql: string, db = 'postgres') =>
    execFileSync('psql', [`postgres://postgres@127.0.0.1:${port}/${db}`, '-qc', sql], { stdio: 'pipe' });
  psql('create database skywater');
  psql('create extension postgis', 'skywater');
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/skywater`,
    port,
    stop() {
      if (running) pgCtl('stop');
      running = false;
    },
    start() {
      if (!running) pgCtl('start');
      running = true;
    },
    destroy() {
      try {
        if (running) pgCtl('stop');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
