import fs from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { offsetToLonLat } from '@skywater/core/survey/local-tangent-plane';
import type { SeededRandom } from '../seeded-random';

export interface DemoArea {
  key: 'haikou' | 'dongfang';
  name: string;
  city: string;
  geometry: Polygon | MultiPolygon;
  /** Ground height above sea level assumed for the flights there (flat terrain). */
  groundElevationM: number;
}

/**
 * Fallback survey areas when samples/data/areas.geojson (written by samples/generate/index.ts)
 * is absent: a box inside Haikou (110.15-110.45 E, 19.85-20.0 N) and one inside Dongfang
 * (108.75-109.05 E, 18.95-19.2 N).
 */
const FALLBACK_BOXES: Record<DemoArea['key'], [number, number, number, number]> = {
  haikou: [110.15, 19.85, 110.45, 20.0],
  dongfang: [108.75, 18.95, 109.05, 19.2],
};

const AREA_FACTS: Record<DemoArea['key'], { name: string; city: string; groundElevationM: number }> = {
  // Haikou's southern farmland lies ~20-60 m above sea level; Dongfang's hills ~80-200 m.
  haikou: { name: '海口市禁种铲毒航测区', city: '海口市', groundElevationM: 38 },
  dongfang: { name: '东方市禁种铲毒航测区', city: '东方市', groundElevationM: 112 },
};

/** The two demo areas, from areas.geojson when present (matched by city name), else boxes. */
export function loadDemoAreas(areasGeoJsonPath: string): { areas: DemoArea[]; source: string } {
  const keys: DemoArea['key'][] = ['haikou', 'dongfang'];
  if (fs.existsSync(areasGeoJsonPath)) {
    const collection = JSON.parse(fs.readFileSync(areasGeoJsonPath, 'utf8')) as FeatureCollection<
      Polygon | MultiPolygon
    >;
    const areas = keys.map((key) => {
      const facts = AREA_FACTS[key];
      const feature = collection.features.find((f) =>
        String(f.properties?.city ?? '').includes(facts.city.replace('市', '')),
      );
      if (!feature) throw new Error(`areas.geojson has no area for ${facts.city}`);
      return {
        key,
        ...facts,
        name: String(feature.properties?.name ?? facts.name),
        geometry: feature.geometry,
      };
    });
    return { areas, source: 'samples/data/areas.geojson' };
  }
  const areas = keys.map((key) => {
    const [minLon, minLat, maxLon, maxLat] = FALLBACK_BOXES[key];
    return { key, ...AREA_FACTS[key], geometry: turf.bboxPolygon([minLon, minLat, maxLon, maxLat]).geometry };
  });
  return { areas, source: 'fallback boxes (areas.geojson absent)' };
}

/**
 * A south-west corner for a block of `widthM` × `heightM` (east × north) lying wholly in the
 * area, with room for `blocks` blocks side by side eastward; chosen by seeded trials, the
 * area's interior point first.
 */
export function placeBlocks(
  area: DemoArea,
  widthM: number,
  heightM: number,
  blocks: number,
  prng: SeededRandom,
): { lon: number; lat: number } {
  const feature: Feature<Polygon | MultiPolygon> = turf.feature(area.geometry);
  const [minLon, minLat, maxLon, maxLat] = turf.bbox(feature);
  const anchor = turf.pointOnFeature(feature).geometry.coordinates as [number, number];
  for (let trial = 0; trial < 2000; trial++) {
    const [lon, lat] = trial === 0 ? anchor : [prng.between(minLon, maxLon), prng.between(minLat, maxLat)];
    const origin = { lon: lon!, lat: lat! };
    // the blocks plus a 300 m margin for the take-off point and the footprints' edges
    const checks = [
      [-300, -300],
      [widthM * blocks + 300, -300],
      [widthM * blocks + 300, heightM + 300],
      [-300, heightM + 300],
      [(widthM * blocks) / 2, heightM / 2],
    ].map(([eastM, northM]) => offsetToLonLat(origin, eastM!, northM!));
    if (checks.every((c) => turf.booleanPointInPolygon(c, feature))) return origin;
  }
  throw new Error(`no room for ${blocks} blocks of ${widthM}×${heightM} m in ${area.name}`);
}
