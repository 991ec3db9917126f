import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'start-pg-replica.sh');

/**
 * A hot standby of the test database's server: TEST_DATABASE_READ_URL when CI started one
 * (start-pg-replica.sh), else one of the test's own on a free port (removed by `destroy`).
 */
export async function testReplica(primaryUrl: string): Promise<{ url: string; destroy(): void }> {
  if (process.env.TEST_DATABASE_READ_URL) return { url: process.env.TEST_DATABASE_READ_URL, destroy() {} };
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-replica-'));
  const primary = new URL(primaryUrl);
  execFileSync('bash', [SCRIPT, dir, String(port), primary.port || '5432'], { stdio: 'ignore' });
  const url = new URL(primaryUrl);
  url.port = String(port);
  return { url: url.toString(), destroy: () => void execFileSync('bash', [SCRIPT, '--stop', dir]) };
}
