// `npm run bench [name…]`: runs every test/bench/*.bench.ts (or those whose name contains an
// argument), one after the other. Each prints its figure, its anchor and the ratio.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n=== ${bench} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, bench)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
