import { z } from 'zod';

/** A WGS84 position: [lon, lat] (an optional third value, height, is allowed and ignored). */
export const positionSchema = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine(([lon, lat]) => lon! >= -180 && lon! <= 180 && lat! >= -90 && lat! <= 90, {
    message: 'coordinates must be [lon, lat] within [-180..180, -90..90]',
  });

const ringSchema = z
  .array(positionSchema)
  .min(4, 'a ring needs at least 4 positions')
  .max(200_000)
  .refine((ring) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1], {
    message: 'a ring must be closed (first position = last)',
  });

export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(ringSchema).min(1).max(1000),
});

export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ringSchema).min(1).max(1000)).min(1).max(1000),
});

export const areaGeometrySchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);
export type AreaGeometry = z.infer<typeof areaGeometrySchema>;
