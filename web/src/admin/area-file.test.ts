import { describe, expect, it } from 'vitest';
import { polygonAreaKm2 } from '../survey/polygon-area';
import { AreaFileError, areaGeometryFromFile, areaGeometryFromVertices } from './area-file';
import demoAreas from '../../../samples/data/areas.geojson?raw';

describe('survey-area files', () => {
  it('reads every polygon of the demo areas GeoJSON into one MultiPolygon of the same size', () => {
    const collection = JSON.parse(demoAreas) as { features: { properties: { areaKm2: number } }[] };
    const geometry = areaGeometryFromFile(demoAreas);
    expect(geometry.type).toBe('MultiPolygon');
    const expected = collection.features.reduce((sum, feature) => sum + feature.properties.areaKm2, 0);
    // The browser's area is spherical, the file's (from PostGIS) geodesic: within 1 %.
    expect(Math.abs(polygonAreaKm2(geometry) / expected - 1)).toBeLessThan(0.01);
  });

  it('reads a KML polygon with its hole and closes an open ring', () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon>
      <outerBoundaryIs><LinearRing><coordinates>110.1,19.9,0 110.3,19.9,0 110.3,20.1,0 110.1,20.1,0</coordinates></LinearRing></outerBoundaryIs>
      <innerBoundaryIs><LinearRing><coordinates>110.15,19.95 110.2,19.95 110.2,20 110.15,19.95</coordinates></LinearRing></innerBoundaryIs>
    </Polygon></Placemark></kml>`;
    const geometry = areaGeometryFromFile(kml);
    expect(geometry.type).toBe('Polygon');
    expect(geometry.coordinates[0]).toHaveLength(5);
    expect(geometry.coordinates[0]![4]).toEqual([110.1, 19.9]);
    expect(geometry.coordinates[1]).toHaveLength(4);
  });

  it('turns drawn vertices into a closed polygon, and says what is wrong otherwise', () => {
    expect(areaGeometryFromVertices('110.1, 19.9\n110.2 19.9\n110.2，20\n').coordinates[0]).toEqual([
      [110.1, 19.9],
      [110.2, 19.9],
      [110.2, 20],
      [110.1, 19.9],
    ]);
    const problem = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof AreaFileError ? error.problem : 'other';
      }
      return null;
    };
    expect(problem(() => areaGeometryFromVertices('110,19\n111,19'))).toBe('too_few_vertices');
    expect(problem(() => areaGeometryFromVertices('110,19\nabc\n111,20'))).toBe('bad_vertex');
    expect(problem(() => areaGeometryFromFile('{"type":"Point","coordinates":[1,2]}'))).toBe('no_polygon');
    expect(problem(() => areaGeometryFromFile('name,lon,lat'))).toBe('not_geojson_or_kml');
  });
});
