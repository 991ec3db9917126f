import type { Queryable } from '@skywater/core/db/db';
import type { CameraView } from '@skywater/core/survey/camera-view';
import { z } from 'zod';

export const newCameraSchema = z.object({
  model: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
  exifModels: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  sensorWidthMm: z.number().positive().max(100),
  sensorHeightMm: z.number().positive().max(100),
  focalLengthMm: z.number().positive().max(1000),
  imageWidthPx: z.number().int().positive().max(100_000),
  imageHeightPx: z.number().int().positive().max(100_000),
});
export type NewCamera = z.infer<typeof newCameraSchema>;

const COLUMNS = `id, model, name, exif_models as "exifModels", sensor_width_mm as "sensorWidthMm",
  sensor_height_mm as "sensorHeightMm", focal_length_mm as "focalLengthMm",
  image_width_px as "imageWidthPx", image_height_px as "imageHeightPx", builtin`;

export async function listCameras(db: Queryable): Promise<CameraView[]> {
  const { rows } = await db.query<CameraView>(`select ${COLUMNS} from cameras order by builtin desc, name`);
  return rows;
}

export async function getCamera(db: Queryable, model: string): Promise<CameraView | null> {
  const { rows } = await db.query<CameraView>(`select ${COLUMNS} from cameras where model = $1`, [model]);
  return rows[0] ?? null;
}

export async function insertCamera(tx: Queryable, camera: NewCamera): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into cameras (model, name, exif_models, sensor_width_mm, sensor_height_mm, focal_length_mm,
       image_width_px, image_height_px, builtin)
     values ($1, $2, $3, $4, $5, $6, $7, $8, false) returning id`,
    [
      camera.model,
      camera.name,
      camera.exifModels,
      camera.sensorWidthMm,
      camera.sensorHeightMm,
      camera.focalLengthMm,
      camera.imageWidthPx,
      camera.imageHeightPx,
    ],
  );
  return rows[0]!.id;
}
