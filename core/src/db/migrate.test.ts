import { describe, expect, it } from 'vitest';
import type { Db } from './db';
import { assertPostgisAvailable } from './migrate';

// A database server without the PostGIS package is outside the system: stand in for its answer.
const serverWithout = (available: boolean) =>
  ({ query: async () => ({ rows: [{ available }], rowCount: 1 }) }) as unknown as Db;

describe('assertPostgisAvailable', () => {
  it('names the package to install when the server has no PostGIS', async () => {
    await expect(assertPostgisAvailable(serverWithout(false))).rejects.toThrow(
      /apt-get install postgresql-15-postgis-3/,
    );
  });

  it('passes when PostGIS is available', async () => {
    await expect(assertPostgisAvailable(serverWithout(true))).resolves.toBeUndefined();
  });
});
