import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Why a file or vertex list gave no polygon; each has a message in both languages. */
export type AreaFileProblem = 'not_geojson_or_kml' | 'no_polygon' | 'too_few_vertices' | 'bad_vertex';

export class AreaFileError extends Error {
  constructor(readonly problem: AreaFileProblem) {
    super(problem);
  }
}

function closedRing(ring: Position[]): Position[] {
  if (ring.length < 3) throw new AreaFileError('too_few_vertices');
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
  if (closed.length < 4) throw new AreaFileError('too_few_vertices');
  return closed.map((position) => [position[0]!, position[1]!]);
}

/** One Polygon when there is one, else a MultiPolygon of them all. */
function geometryOf(polygons: Position[][][]): Polygon | MultiPolygon {
  if (polygons.length === 0) throw new AreaFileError('no_polygon');
  const rings = polygons.map((polygon) => polygon.map(closedRing));
  return rings.length === 1
    ? { type: 'Polygon', coordinates: rings[0]! }
    : { type: 'MultiPolygon', coordinates: rings };
}

function polygonsOfGeoJson(value: unknown): Position[][][] {
  if (typeof value !== 'object' || value === null) return [];
  const object = value as {
    type?: unknown;
    features?: unknown;
    geometry?: unknown;
    geometries?: unknown;
    coordinates?: unknown;
  };
  switch (object.type) {
    case 'FeatureCollection':
      return Array.isArray(object.features) ? object.features.flatMap(polygonsOfGeoJson) : [];
    case 'Feature':
      return polygonsOfGeoJson(object.geometry);
    case 'GeometryCollection':
      return Array.isArray(object.geometries) ? object.geometries.flatMap(polygonsOfGeoJson) : [];
    case 'Polygon':
      return [object.coordinates as Position[][]];
    case 'MultiPolygon':
      return object.coordinates as Position[][][];
    default:
      return [];
  }
}

/** KML `<coordinates>`: "lon,lat[,alt]" tuples separated by white space. */
function kmlRing(text: string): Position[] {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((tuple) => {
      const [lon, lat] = tuple.split(',').map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new AreaFileError('bad_vertex');
      return [lon!, lat!];
    });
}

function coordinatesIn(block: string): string[] {
  return [...block.matchAll(/<(?:\w+:)?coordinates[^>]*>([\s\S]*?)<\/(?:\w+:)?coordinates>/g)].map(
    (m) => m[1]!,
  );
}

function polygonsOfKml(text: string): Position[][][] {
  return [...text.matchAll(/<(?:\w+:)?Polygon[^>]*>([\s\S]*?)<\/(?:\w+:)?Polygon>/g)].map((match) => {
    const body = match[1]!;
    const outer = /<(?:\w+:)?outerBoundaryIs[^>]*>([\s\S]*?)<\/(?:\w+:)?outerBoundaryIs>/.exec(body);
    const inner = [
      ...body.matchAll(/<(?:\w+:)?innerBoundaryIs[^>]*>([\s\S]*?)<\/(?:\w+:)?innerBoundaryIs>/g),
    ];
    const outerRing = coordinatesIn(outer ? outer[1]! : body)[0];
    if (outerRing === undefined) throw new AreaFileError('no_polygon');
    return [kmlRing(outerRing), ...inner.flatMap((m) => coordinatesIn(m[1]!).map(kmlRing))];
  });
}

/**
 * The polygon(s) of an uploaded survey-area file: GeoJSON (a geometry, Feature or
 * FeatureCollection; every Polygon and MultiPolygon in it) or KML (every `<Polygon>`, holes
 * kept). Rings are closed when the file left them open. The server checks the rest (validity,
 * size, Hainan).
 */
export function areaGeometryFromFile(text: string): Polygon | MultiPolygon {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new AreaFileError('not_geojson_or_kml');
    }
    return geometryOf(polygonsOfGeoJson(parsed));
  }
  if (trimmed.startsWith('<')) return geometryOf(polygonsOfKml(trimmed));
  throw new AreaFileError('not_geojson_or_kml');
}

/**
 * A polygon drawn as a list of vertices, one "lon, lat" (or "lon lat") a line, as read off a
 * map or a GPS; the ring is closed for the user.
 * @example areaGeometryFromVertices('110.1,19.9\n110.2,19.9\n110.2,20') // a Polygon of 4 positions
 */
export function areaGeometryFromVertices(text: string): Polygon {
  const ring = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [lon, lat] = line.split(/[\s,，]+/).map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90)
        throw new AreaFileError('bad_vertex');
      return [lon!, lat!];
    });
  return geometryOf([[ring]]) as Polygon;
}
