import { z } from 'zod';
import { multiPolygonSchema, polygonSchema, positionSchema } from '@skywater/core/geo/geojson-schema';

/** A finding's place: a GeoJSON Point, Polygon or MultiPolygon (WGS84). */
export const pointSchemaOrArea = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: positionSchema }),
  polygonSchema,
  multiPolygonSchema,
]);
