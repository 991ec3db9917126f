import { spawnSync } from 'node:child_process';

/** A bound parameter as SQL text for psql's EXECUTE (text and arrays quoted). */
const literal = (value: unknown): string =>
  value === null || value === undefined
    ? 'null'
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : Array.isArray(value)
        ? `'{${value.join(',')}}'`
        : `'${String(value).replace(/'/g, "''")}'`;

/**
 * The anchor of a bench's query figures: each statement prepared, then executed once per pass
 * (`passes` passes) in one new psql session with the server connections' settings (JIT off,
 * core/src/db/pg-db.ts) and `schema` first on the search path, output discarded: ms of each
 * EXECUTE, per pass.
 */
export function psqlExecuteMs(
  url: string,
  schema: string,
  statements: readonly { text: string; params: readonly unknown[] }[],
  passes = 1,
): number[][] {
  const script = ['\\set QUIET on'];
  const executes = statements.map((s, i) => {
    script.push(`prepare s${i} as ${s.text};`);
    return `execute s${i}${s.params.length ? `(${s.params.map(literal).join(', ')})` : ''};`;
  });
  script.push('\\timing on', '\\o /dev/null');
  for (let pass = 0; pass < passes; pass++) script.push(...executes);
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-f', '-'], {
    input: script.join('\n'),
    env: { ...process.env, PGOPTIONS: `-c jit=off -c search_path=${schema},public` },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  const times = [...result.stdout.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
  if (times.length !== passes * statements.length)
    throw new Error(`psql printed ${times.length} timings, expected ${passes * statements.length}`);
  return Array.from({ length: passes }, (_, pass) =>
    times.slice(pass * statements.length, (pass + 1) * statements.length),
  );
}
