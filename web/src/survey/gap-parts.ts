import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { distanceKm } from '../map/distance-km';
import { labelPoint } from '../map/label-point';
import { polygonAreaKm2 } from './polygon-area';
import { escapeXml, KML_HEADER_LINES } from './kml-text';

export type GapGeometry = Polygon | MultiPolygon;

/** Side (km) of the squares the gaps are cut into: about what one sortie of a small drone covers. */
export const gapPartKm = 2;

/** One part of an area still to fly, as the survey map lists it. */
export interface GapPart {
  /** The server's planning rank (1 = first of its tour), or the position in the reply. */
  rank: number;
  areaKm2: number;
  /** A point inside the part (the server's point on surface, else the label point). */
  centre: Position | null;
  /** From the chosen take-off point, when there is one. */
  distanceKm: number | null;
  feature: Feature<GapGeometry, Record<string, unknown> | null>;
}

/**
 * The gaps reply as a list of parts; nearest the take-off point first when one is chosen,
 * else the largest first (whatever order the reply came in: a 0.01 km² sliver never leads).
 */
export function gapParts(
  reply: FeatureCollection<GapGeometry, Record<string, unknown> | null>,
  takeOff: Position | null,
): GapPart[] {
  const parts = reply.features
    .filter((feature) => feature.geometry)
    .map((feature, index): GapPart => {
      const props = feature.properties ?? {};
      const centre = Array.isArray(props.centroid)
        ? (props.centroid as Position)
        : labelPoint(feature.geometry);
      return {
        rank: typeof props.rank === 'number' ? props.rank : index + 1,
        areaKm2: typeof props.areaM2 === 'number' ? props.areaM2 / 1e6 : polygonAreaKm2(feature.geometry),
        centre,
        distanceKm: takeOff && centre ? distanceKm(takeOff, centre) : null,
        feature,
      };
    });
  if (takeOff) parts.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
  else parts.sort((a, b) => b.areaKm2 - a.areaKm2);
  return parts;
}

function kmlRing(ring: Position[]): string {
  return `<LinearRing><coordinates>${ring.map(([lon, lat]) => `${lon},${lat},0`).join(' ')}</coordinates></LinearRing>`;
}

function kmlPolygon(rings: Position[][]): string {
  const [outer, ...holes] = rings;
  return `<Polygon><outerBoundaryIs>${kmlRing(outer)}</outerBoundaryIs>${holes
    .map((hole) => `<innerBoundaryIs>${kmlRing(hole)}</innerBoundaryIs>`)
    .join('')}</Polygon>`;
}

/** KML geometry of a polygon or multipolygon (lon,lat order, WGS 84 as KML requires). */
export function kmlGeometry(geometry: GapGeometry): string {
  return geometry.type === 'Polygon'
    ? kmlPolygon(geometry.coordinates)
    : `<MultiGeometry>${geometry.coordinates.map(kmlPolygon).join('')}</MultiGeometry>`;
}

/** One gap part as a KML document a flight-planning app opens (DJI Pilot 2 imports KML areas). */
export function gapPartKml(part: GapPart, name: string): string {
  return [
    ...KML_HEADER_LINES,
    `<name>${escapeXml(name)}</name>`,
    `<Placemark><name>${escapeXml(name)}</name>`,
    `<ExtendedData><Data name="areaKm2"><value>${part.areaKm2.toFixed(4)}</value></Data></ExtendedData>`,
    kmlGeometry(part.feature.geometry),
    '</Placemark></Document></kml>',
  ].join('\n');
}

/** One gap part as a GeoJSON Feature (RFC 7946). */
export function gapPartGeoJson(part: GapPart, name: string): string {
  return JSON.stringify({
    type: 'Feature',
    geometry: part.feature.geometry,
    properties: { name, areaKm2: part.areaKm2, centre: part.centre },
  });
}
