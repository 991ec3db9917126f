import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import { demScratchFile, recordDem } from './terrain-dems';

const DEMO_ACTOR = { id: null, username: 'demo-loader' };

/**
 * Loads the demo's synthetic DEM of Dongfang's hills (samples/data/terrain/dongfang-dem.tif,
 * written by samples/generate) through the same checks as an admin's upload, once: a DEM with
 * the same SHA-256 already loaded is left alone. Runs before the demo photos are queued, so
 * Dongfang's photos are placed over the terrain.
 */
export async function loadDemoTerrain(
  db: Db,
  log: Logger,
  dataDir: string,
  terrainDir: string,
): Promise<void> {
  const source = path.join(terrainDir, 'dongfang-dem.tif');
  if (!fs.existsSync(source)) return;
  const content = await fs.promises.readFile(source);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const loaded = await db.query(`select 1 from terrain_dems where sha256 = $1`, [sha256]);
  if (loaded.rows.length) return;
  const scratch = await demScratchFile({ dataDir });
  try {
    await fs.promises.writeFile(scratch, content);
    const dem = await recordDem(
      db,
      { dataDir, terrainMaxCells: Number.MAX_SAFE_INTEGER },
      scratch,
      { name: 'dongfang-dem.tif', sha256, sizeBytes: content.length },
      DEMO_ACTOR,
    );
    log.info({ terrainId: (dem as { id: number }).id }, 'demo DEM loaded');
  } finally {
    await fs.promises.rm(scratch, { force: true });
  }
}
