import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Config } from '@skywater/core/config/config';
import type { Db, Queryable } from '@skywater/core/db/db';
import { ConflictError, PayloadTooLargeError, ValidationError } from '@skywater/core/errors/app-error';
import { describeDem, openGeoTiffDem, type DemDescription } from '@skywater/core/survey/terrain/geotiff-dem';
import type { DemView } from '@skywater/core/survey/terrain/dem-view';
import { demFilePath, newDemKey, terrainDir } from '@skywater/core/survey/terrain/terrain-files';
import { displayFileName, readMultipart } from './multipart-upload';

const DEM_COLUMNS = `d.id, d.name, d.crs_epsg as "crsEpsg", d.crs_name as "crsName", d.width_px as "widthPx",
  d.height_px as "heightPx", d.resolution_m as "resolutionM", d.size_bytes as "sizeBytes", d.no_data as "noData",
  json_build_array(st_xmin(d.extent), st_ymin(d.extent), st_xmax(d.extent), st_ymax(d.extent)) as "bboxWgs84",
  d.sha256, d.created_at as "createdAt", u.username as "createdBy"`;

/** Every DEM, finest first (the order in which one is chosen under a photo). */
export async function listDems(db: Queryable): Promise<DemView[]> {
  const { rows } = await db.query<DemView>(
    `select ${DEM_COLUMNS} from terrain_dems d left join users u on u.id = d.created_by
     order by d.resolution_m, d.id`,
  );
  return rows;
}

/**
 * An admin's DEM upload (multipart field `file`): streamed to a scratch file under
 * DATA_DIR/terrain (refused past TERRAIN_MAX_BYTES), opened as a GeoTIFF to check its
 * georeference and CRS and measure it, then moved into place and recorded (recordDem).
 * Anything refused leaves no file and no row.
 */
export async function uploadDem(db: Db, config: Config, req: Request, actor: AuditActor | null) {
  const scratch = await demScratchFile(config);
  let received: ReceivedDem | null = null;
  try {
    await readMultipart(req, {
      maxFiles: 1,
      maxFileBytes: config.terrainMaxBytes,
      async onFile(file) {
        if (file.field !== 'file') {
          file.stream.resume();
          return;
        }
        const hash = createHash('sha256');
        let sizeBytes = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(file.stream, counter, fs.createWriteStream(scratch));
        if (file.stream.truncated)
          throw new PayloadTooLargeError(
            `The DEM is larger than TERRAIN_MAX_BYTES (${config.terrainMaxBytes} bytes): cut it to the survey region first`,
          );
        received = { name: displayFileName(file.fileName), sha256: hash.digest('hex'), sizeBytes };
      },
    });
    const upload = received as ReceivedDem | null;
    if (!upload || upload.sizeBytes === 0)
      throw new ValidationError('Send the DEM as a GeoTIFF in the multipart field "file"');
    return await recordDem(db, config, scratch, upload, actor, String(req.id ?? ''));
  } finally {
    await fs.promises.rm(scratch, { force: true });
  }
}

/** A DEM file received (scratch file under DATA_DIR/terrain), with its name, digest and size. */
export interface ReceivedDem {
  name: string;
  sha256: string;
  sizeBytes: number;
}

/** A scratch file for a DEM being received, under DATA_DIR/terrain (same disk: moved by rename). */
export async function demScratchFile(config: Pick<Config, 'dataDir'>): Promise<string> {
  const dir = terrainDir(config.dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  return path.join(dir, `upload-${randomUUID()}.part`);
}

/**
 * Checks a received DEM (GeoTIFF, georeference, CRS, TERRAIN_MAX_CELLS), moves it into place
 * and records it with its audit entry in one transaction; on any refusal the file is removed
 * and no row is written. The caller removes `scratch` if it is still there.
 */
export async function recordDem(
  db: Db,
  config: Pick<Config, 'dataDir' | 'terrainMaxCells'>,
  scratch: string,
  upload: ReceivedDem,
  actor: AuditActor | null,
  requestId?: string,
): Promise<DemView> {
  const description = await measureDem(scratch, upload.name);
  const cells = description.georeference.widthPx * description.georeference.heightPx;
  if (cells > config.terrainMaxCells)
    throw new PayloadTooLargeError(
      `${upload.name} has ${cells} cells, more than TERRAIN_MAX_CELLS (${config.terrainMaxCells}): cut it to the survey region first`,
    );
  const key = newDemKey();
  const file = demFilePath(config.dataDir, key);
  await fs.promises.rename(scratch, file);
  try {
    return await db.transaction(async (tx) => {
      const duplicate = await tx.query<{ id: number }>(`select id from terrain_dems where sha256 = $1`, [
        upload.sha256,
      ]);
      if (duplicate.rows[0])
        throw new ConflictError(`This DEM is already loaded (terrain ${duplicate.rows[0].id})`, {
          id: duplicate.rows[0].id,
        });
      const [minLon, minLat, maxLon, maxLat] = description.bboxWgs84;
      const g = description.georeference;
      const { rows } = await tx.query<{ id: number }>(
        `insert into terrain_dems (name, storage_key, sha256, size_bytes, crs_epsg, crs_name, width_px, height_px,
           resolution_m, no_data, extent, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, st_makeenvelope($11, $12, $13, $14, 4326), $15)
         returning id`,
        [
          upload.name,
          key,
          upload.sha256,
          upload.sizeBytes,
          g.crs.epsg,
          g.crs.name,
          g.widthPx,
          g.heightPx,
          description.resolutionM,
          g.noData,
          minLon,
          minLat,
          maxLon,
          maxLat,
          actor?.id ?? null,
        ],
      );
      const id = rows[0]!.id;
      await recordAudit(tx, {
        actor,
        action: 'upload',
        entity: 'terrain_dem',
        entityId: id,
        after: {
          name: upload.name,
          sha256: upload.sha256,
          crsEpsg: g.crs.epsg,
          bboxWgs84: description.bboxWgs84,
        },
        requestId,
      });
      const listed = await tx.query<DemView>(
        `select ${DEM_COLUMNS} from terrain_dems d left join users u on u.id = d.created_by where d.id = $1`,
        [id],
      );
      return listed.rows[0]!;
    });
  } catch (error) {
    await fs.promises.rm(file, { force: true });
    throw error;
  }
}

async function measureDem(file: string, name: string): Promise<DemDescription> {
  let dem;
  try {
    dem = await openGeoTiffDem(file);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(`${name}: ${error.message}`);
    throw error;
  }
  try {
    return describeDem(dem.georeference);
  } finally {
    await dem.close();
  }
}
