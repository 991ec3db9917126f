// `npm run build`: the processes compiled to plain JavaScript for production (no tsx, no
// TypeScript at run time), beside the web app that Vite builds.
//
// One ES module bundle per entry under dist/server/src/: the process (`main.js`), the two
// commands (`migrate.js`, `user.js`) and the embedded database's thread (`pglite-thread.js`,
// which core/src/db/pglite-db.ts starts beside the bundle it runs in). Only the workspaces'
// own code (@skywater/*) is bundled; every package from node_modules stays an import, installed
// by `npm ci --omit=dev`. The bundles sit at the depth of the sources they replace, so that paths
// the code resolves from its own file (../../../sql, ../../../web/dist, ../../../samples/data)
// land at the same place from the compiled files.
//
// Refuses (exit 1) when a bundle imports a package that no workspace lists under `dependencies`:
// a production install (`--omit=dev`) would not have it.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './bootstrap.mjs';

export const DIST_DIR = path.join(ROOT, 'dist');

const ENTRIES = [
  { in: 'server/src/main.ts', out: 'server/src/main' },
  { in: 'server/src/cli/migrate.ts', out: 'server/src/migrate' },
  { in: 'server/src/cli/user.ts', out: 'server/src/user' },
  { in: 'core/src/db/pglite-thread.ts', out: 'server/src/pglite-thread' },
];

/** `pg`, `@turf/turf`, `pg-copy-streams/…` → the package name. */
const packageOf = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const packagesExternal = {
  name: 'packages-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@skywater/') ? undefined : { path: args.path, external: true },
    );
  },
};

function runtimeDependencies() {
  const names = new Set();
  for (const workspace of ['core', 'server', 'workers']) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, workspace, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) names.add(name);
  }
  return names;
}

/** Bundles the entries into `outDir` (default dist/); returns the packages the bundles import. */
export async function buildProcesses(outDir = DIST_DIR) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [packagesExternal],
  });
  const builtins = new Set(builtinModules);
  const imported = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || specifier.startsWith('node:') || builtins.has(specifier)) continue;
      imported.add(packageOf(specifier));
    }
  }
  const declared = runtimeDependencies();
  const missing = [...imported].filter((name) => !declared.has(name)).sort();
  if (missing.length) {
    throw new Error(
      `The compiled processes import ${missing.join(', ')}, which no workspace lists under "dependencies": a production install would not have them`,
    );
  }
  return [...imported].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'server/bin/build.mjs')) {
  try {
    const packages = await buildProcesses(process.argv[2] ? path.resolve(process.argv[2]) : DIST_DIR);
    process.stdout.write(
      `Built dist/server/src/{main,migrate,user,pglite-thread}.js (imports ${packages.length} packages)\n`,
    );
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
