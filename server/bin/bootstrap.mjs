// Plain Node (no dependencies): what `npm start` and `npm test` do before anything else —
// install the dependencies if missing, build the web app if missing or stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(command, args, label) {
  process.stdout.write(`${label}…\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`${label} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const stale =
    !fs.existsSync(marker) ||
    (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale && fs.existsSync(path.join(ROOT, 'node_modules', 'tsx'))) return;
  run(
    'npm',
    [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'],
    'Installing dependencies (first run)',
  );
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than web/src. */
export function ensureWebBuild() {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  const sources = [
    path.join(ROOT, 'web', 'src'),
    path.join(ROOT, 'web', 'index.html'),
    path.join(ROOT, 'web', 'vite.config.ts'),
  ].filter((p) => fs.existsSync(p));
  const newestSource = Math.max(
    0,
    ...sources.map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource) return;
  run('npm', ['run', 'build', '-w', 'web', '--silent'], 'Building the web app');
}
