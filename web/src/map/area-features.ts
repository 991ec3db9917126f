import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { SurveyAreaWithGeometry } from '../api/areas-api';

export interface AreaFeatureProperties {
  id: number;
  name: string;
  city: string;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
}

export type AreaFeatureCollection = FeatureCollection<Polygon | MultiPolygon, AreaFeatureProperties>;

/** The survey areas as the GeoJSON the `areas` map source draws, coloured by `coveragePct`. */
export function areasToFeatureCollection(
  areas: readonly Pick<
    SurveyAreaWithGeometry,
    'id' | 'name' | 'city' | 'areaKm2' | 'coveredKm2' | 'coveragePct' | 'geometry'
  >[],
): AreaFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: areas.map((area): Feature<Polygon | MultiPolygon, AreaFeatureProperties> => ({
      type: 'Feature',
      id: area.id,
      geometry: area.geometry,
      properties: {
        id: area.id,
        name: area.name,
        city: area.city,
        areaKm2: area.areaKm2,
        coveredKm2: area.coveredKm2,
        coveragePct: area.coveragePct,
      },
    })),
  };
}
