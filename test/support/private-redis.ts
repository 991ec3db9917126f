import { execFileSync, spawnSync } from 'node:child_process';
import net from 'node:net';

/** A redis-server of the test's own on a free port, so a fault test can stop and restart it. */
export interface PrivateRedis {
  url: string;
  stop(): void;
  start(): void;
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
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
      '--appendonly',
      'no',
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
    start,
  };
}
