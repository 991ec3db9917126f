import type { AreaGeometry } from '@skywater/core/geo/geojson-schema';
import { ValidationError } from '@skywater/core/errors/app-error';

/**
 * What one survey area may be. An area's grid has one 250 m cell per 0.0625 km², so 5,000 km²
 * (a large county; Dongfang's demo area is 1,130 km²) is 80,000 cells, built by a job in about a
 * minute; every tile and gap query cuts the area's outline, so its vertices are bounded too
 * (the demo's outlines have 209 and 324).
 */
export const AREA_LIMITS = { maxAreaKm2: 5_000, maxVertices: 20_000 } as const;

/** Counts the positions of a Polygon or MultiPolygon. */
export function vertexCount(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
}

/** Refuses an outline with more vertices than the limit (before anything is stored). */
export function checkAreaVertices(geometry: AreaGeometry): void {
  const vertices = vertexCount(geometry);
  if (vertices > AREA_LIMITS.maxVertices) {
    throw new ValidationError(
      `区域边界有 ${vertices} 个顶点，上限 ${AREA_LIMITS.maxVertices}，请简化后再上传 / The outline has ${vertices} vertices, more than the limit of ${AREA_LIMITS.maxVertices}; simplify it first`,
      [{ path: 'geometry', message: `at most ${AREA_LIMITS.maxVertices} vertices` }],
    );
  }
}

/** Refuses an area larger than the limit (km² on the WGS84 ellipsoid). */
export function checkAreaSize(areaKm2: number): void {
  if (areaKm2 > AREA_LIMITS.maxAreaKm2) {
    throw new ValidationError(
      `区域面积 ${areaKm2.toFixed(1)} km²，超过上限 ${AREA_LIMITS.maxAreaKm2} km²，请分成几个区域 / The area is ${areaKm2.toFixed(1)} km², more than the limit of ${AREA_LIMITS.maxAreaKm2} km²; split it into several areas`,
      [{ path: 'geometry', message: `at most ${AREA_LIMITS.maxAreaKm2} km²` }],
    );
  }
}
