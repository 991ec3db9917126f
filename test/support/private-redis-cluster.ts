import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'start-redis-cluster.sh');

/** A three-master Redis Cluster of the test's own (start-redis-cluster.sh), so a fault test can restart a master. */
export interface PrivateRedisCluster {
  /** As REDIS_CLUSTER_NODES wants them. */
  nodes: string;
  /** The port of the master that serves `key`'s slot (a queue's keys share its prefix's hash tag). */
  masterOf(key: string): number;
  /** Shuts that master down (its append-only file kept) and starts it again; resolves when the cluster is whole. */
  restart(port: number): void;
  destroy(): void;
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** Three consecutive free ports whose cluster bus ports (+10000) are free too. */
async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    const ports = [0, 1, 2].flatMap((k) => [base + k, base + k + 10_000]);
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) return base;
  }
  throw new Error('no three free ports for a private Redis Cluster');
}

export async function startPrivateRedisCluster(): Promise<PrivateRedisCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-redis-cluster-'));
  const base = await freeBasePort();
  const nodes = execFileSync('bash', [SCRIPT, dir, String(base)])
    .toString()
    .trim();
  return {
    nodes,
    masterOf(key) {
      const slot = Number(execFileSync('redis-cli', ['-p', String(base), 'cluster', 'keyslot', key]));
      const shards = execFileSync('redis-cli', ['-p', String(base), 'cluster', 'nodes']).toString();
      for (const line of shards.trim().split('\n')) {
        const [, address, flags, , , , , , ...ranges] = line.split(' ');
        if (!flags!.includes('master')) continue;
        for (const range of ranges) {
          const [from, to = from] = range.split('-').map(Number);
          if (slot >= from! && slot <= to!) return Number(address!.split(':')[1]!.split('@')[0]);
        }
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    restart(port) {
      execFileSync('bash', [SCRIPT, '--restart', dir, String(port)]);
    },
    destroy() {
      execFileSync('bash', [SCRIPT, '--stop', dir]);
    },
  };
}
