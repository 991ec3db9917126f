// `npm test`: its own set-up, then the whole suite (unit, integration, browser).
// - installs dependencies and builds the web app if missing;
// - uses the Redis in REDIS_URL (default 127.0.0.1:6379), or starts a private redis-server;
// - runs on embedded PGlite, or on the PostgreSQL/PostGIS server in TEST_DATABASE_URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureDependencies, ensureWebBuild, ROOT } from '../server/bin/bootstrap.mjs';

ensureDependencies();
ensureWebBuild();

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379), timeout: 1500 });
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const env = { ...process.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
let privateRedisPort;
if (!(await reachable(env.REDIS_URL))) {
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    process.stderr.write(
      `Redis is not reachable at ${env.REDIS_URL} and redis-server is not installed: install Redis (apt-get install redis-server) or set REDIS_URL.\n`,
    );
    process.exit(1);
  }
  privateRedisPort = 6390 + Math.floor(Math.random() * 100);
  spawnSync(
    'redis-server',
    [
      '--port',
      String(privateRedisPort),
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
    ],
    { stdio: 'inherit' },
  );
  env.REDIS_URL = `redis://127.0.0.1:${privateRedisPort}`;
  process.stdout.write(`Started a private Redis for the tests at ${env.REDIS_URL}\n`);
}

process.stdout.write(
  `Test database: ${env.TEST_DATABASE_URL ? 'PostgreSQL/PostGIS server (TEST_DATABASE_URL)' : 'embedded PGlite + PostGIS'}\n`,
);
const resultsFile = path.join(ROOT, 'test', 'artifacts', `vitest-${process.pid}.json`);
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
const args = [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, [`${ROOT}/node_modules/vitest/vitest.mjs`, ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env,
});
child.on('exit', (code, signal) => {
  if (privateRedisPort) spawnSync('redis-cli', ['-p', String(privateRedisPort), 'shutdown', 'nosave']);
  // One plain closing line that any CI can read: "N passed, N failed".
  try {
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
    fs.rmSync(resultsFile);
  } catch {
    process.stdout.write('\ntests: 0 passed, 1 failed\n');
  }
  process.exit(code ?? (signal ? 1 : 0));
});
