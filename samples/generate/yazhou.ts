import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { readCityDistrict, round6, type District } from './boundaries';
import { ellipsoidAreaKm2 } from './ellipsoid-area';
import { SeededRandom } from './seeded-random';

/**
 * Sanya's Yazhou district (崖州区) as its report describes it (seeds/, docs/design.md §1): the
 * district split into 211 grid cells (网格), each a survey unit of its own, and 8 research
 * planting bases (科研种植基地) inspected on foot from 25 to 29 March 2024, each result recorded.
 * The cells are drawn here (Voronoi cells of 211 seeded points, clipped to the district): the real
 * grid follows villages and is not published. Base names and outlines are made up.
 */
export const YAZHOU_GRID_CELLS = 211;
export const YAZHOU_BASES = 8;

export interface YazhouCell {
  name: string;
  geometry: MultiPolygon;
  areaKm2: number;
}

export interface YazhouBase {
  code: string;
  name: string;
  geometry: Polygon;
  /** The ground inspection: team, when, what was found. */
  inspection: { team: string; at: string; outcome: 'not_found'; note: string };
}

export function readYazhouBoundary(): District {
  return readCityDistrict('san1_ya4', '三亚市', '崖州区');
}

const asMulti = (g: Polygon | MultiPolygon): MultiPolygon =>
  g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;

const roundRing = (ring: Position[]) => ring.map(([x, y]) => [round6(x!), round6(y!)]);

function randomPointIn(district: District, random: SeededRandom): [number, number] {
  const [minX, minY, maxX, maxY] = turf.bbox(district.geometry);
  for (;;) {
    const p: [number, number] = [round6(random.between(minX, maxX)), round6(random.between(minY, maxY))];
    if (turf.booleanPointInPolygon(p, district.geometry)) return p;
  }
}

/** 211 cells covering the district: each seed's Voronoi cell, clipped to the district. */
export function buildYazhouCells(district: District, random: SeededRandom): YazhouCell[] {
  const seeds = Array.from({ length: YAZHOU_GRID_CELLS }, () => randomPointIn(district, random));
  // Ordered north-west to south-east, so cell numbers run across the district.
  seeds.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const bbox = turf.bbox(district.geometry);
  const pad = 0.05;
  const voronoi = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s))), {
    bbox: [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad],
  });
  const land: Feature<MultiPolygon> = turf.feature(district.geometry);
  return voronoi.features.map((cell, i) => {
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, land]));
    if (!clipped) throw new Error(`grid cell ${i + 1} lies outside Yazhou`);
    const multi = asMulti(clipped.geometry);
    const geometry: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: multi.coordinates.map((rings) => rings.map(roundRing)),
    };
    return {
      name: `崖州区第${String(i + 1).padStart(3, '0')}网格`,
      geometry,
      areaKm2: Math.round(ellipsoidAreaKm2(geometry) * 1000) / 1000,
    };
  });
}

/** 8 bases of 6-20 ha, rectangles on the district's land, each inspected once on foot. */
export function buildYazhouBases(district: District, random: SeededRandom): YazhouBase[] {
  const bases: YazhouBase[] = [];
  for (let i = 1; i <= YAZHOU_BASES; i++) {
    for (;;) {
      const [lon, lat] = randomPointIn(district, random);
      const halfWidthM = random.between(150, 250);
      const halfHeightM = random.between(100, 200);
      const dLon = halfWidthM / (111_320 * Math.cos((lat * Math.PI) / 180));
      const dLat = halfHeightM / 110_574;
      const ring = roundRing([
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ]);
      const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
      // Wholly on land and apart from the bases already placed.
      if (!turf.booleanWithin(turf.feature(geometry), turf.feature(district.geometry))) continue;
      if (bases.some((b) => turf.booleanIntersects(turf.feature(b.geometry), turf.feature(geometry))))
        continue;
      const day = 25 + Math.floor((i - 1) / 2);
      bases.push({
        code: `YZ-BASE-${String(i).padStart(2, '0')}`,
        name: `崖州区科研种植基地${String(i).padStart(2, '0')}号`,
        geometry,
        inspection: {
          team: '三亚市公安局崖州分局',
          at: `2024-03-${day}T${String(9 + (i % 2) * 5).padStart(2, '0')}:00:00+08:00`,
          outcome: 'not_found',
          note: '实地踏查：未发现毒品原植物 / inspected on foot: no illicit drug plants found',
        },
      });
      break;
    }
  }
  return bases;
}

export function generateYazhou(seed = 20240325) {
  const random = new SeededRandom(seed);
  const district = readYazhouBoundary();
  return { district, cells: buildYazhouCells(district, random), bases: buildYazhouBases(district, random) };
}
