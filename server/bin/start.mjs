// `npm start`: install what is missing, build the web app if needed, then run server + workers
// in one process (migrations and demo data happen at start, once).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDependencies, ensureWebBuild, ROOT } from './bootstrap.mjs';

ensureDependencies();
ensureWebBuild();

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts'), process.argv[2] ?? 'all'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
