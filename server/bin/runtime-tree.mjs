// The production image's /app, laid out in a directory: what the Dockerfile's runtime stage
// copies (the package manifests, the compiled processes, the built web app, the migrations, the
// sample boundaries), with `npm ci --omit=dev` for the processes' workspaces. The production
// build test starts the compiled processes from such a tree, where neither tsx nor any other
// dev dependency can be found.
//
//   node server/bin/runtime-tree.mjs DIR    # CI lays it once for both database backends
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureWebBuild, ROOT } from './bootstrap.mjs';
import { buildProcesses } from './build.mjs';

const MANIFESTS = [
  'package.json',
  'package-lock.json',
  'core/package.json',
  'workers/package.json',
  'server/package.json',
  'web/package.json',
];
const COPIED = ['web/dist', 'sql', 'samples/data'];

/** Lays the runtime tree in `dir` (replacing what is there) and returns `dir`. */
export async function layRuntimeTree(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of MANIFESTS) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  const install = spawnSync(
    'npm',
    [
      'ci',
      '--omit=dev',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '-w',
      'core',
      '-w',
      'server',
      '-w',
      'workers',
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (install.status !== 0) throw new Error(`npm ci --omit=dev failed in ${dir}:\n${install.stderr}`);
  ensureWebBuild();
  await buildProcesses(path.join(dir, 'dist'));
  for (const relative of COPIED) {
    fs.cpSync(path.join(ROOT, relative), path.join(dir, relative), { recursive: true });
  }
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'server/bin/runtime-tree.mjs')) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('Usage: node server/bin/runtime-tree.mjs DIR\n');
    process.exit(2);
  }
  try {
    await layRuntimeTree(path.resolve(dir));
    process.stdout.write(`Runtime tree laid in ${path.resolve(dir)}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
