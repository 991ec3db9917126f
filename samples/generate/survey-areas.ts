import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { District } from './boundaries';
import { ellipsoidAreaKm2 } from './ellipsoid-area';

export interface SurveyAreaSpec {
  name: string;
  city: string;
  /** Where the drone teams concentrate: hills and farmland away from the city centre. */
  centre: [number, number];
  targetKm2: number;
}

/** The reported survey sizes: Haikou ~850 km², Dongfang ~1,130 km² (docs/design.md §1). */
export const SURVEY_AREA_SPECS: SurveyAreaSpec[] = [
  { name: '海口市禁种铲毒航测区', city: '海口市', centre: [110.42, 19.82], targetKm2: 850 },
  { name: '东方市禁种铲毒航测区', city: '东方市', centre: [109.0, 19.02], targetKm2: 1130 },
];

/**
 * A survey area = the city's land within a circle around `centre`, the radius found by
 * bisection so that the area on the ellipsoid is the target to within 0.05 km².
 */
export function buildSurveyArea(
  spec: SurveyAreaSpec,
  districts: District[],
): { geometry: MultiPolygon; areaKm2: number } {
  const cityParts = districts.filter((d) => d.city === spec.city);
  const city = cityParts.reduce<Feature<Polygon | MultiPolygon> | null>(
    (acc, d) =>
      acc ? turf.union(turf.featureCollection([acc, turf.feature(d.geometry)])) : turf.feature(d.geometry),
    null,
  )!;
  let low = 1;
  let high = 80;
  let best: { geometry: MultiPolygon; areaKm2: number } | null = null;
  for (let i = 0; i < 60; i++) {
    const radiusKm = (low + high) / 2;
    const circle = turf.circle(spec.centre, radiusKm, { steps: 128, units: 'kilometers' });
    const clipped = turf.intersect(turf.featureCollection([city, circle]));
    if (!clipped) {
      low = radiusKm;
      continue;
    }
    const geometry: MultiPolygon =
      clipped.geometry.type === 'Polygon'
        ? { type: 'MultiPolygon', coordinates: [clipped.geometry.coordinates] }
        : clipped.geometry;
    const areaKm2 = ellipsoidAreaKm2(geometry);
    best = { geometry, areaKm2 };
    if (Math.abs(areaKm2 - spec.targetKm2) < 0.05) break;
    if (areaKm2 < spec.targetKm2) low = radiusKm;
    else high = radiusKm;
  }
  return best!;
}
