import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Queryable } from '@skywater/core/db/db';
import { insertSite, type SiteKind } from '../places/sites';

/** A demo site as the sample data's GeoJSON carries it. */
export interface DemoSiteProperties {
  code: string;
  name: string;
  kind: SiteKind;
  populationServed: number;
  district: string;
}

/** Inserts the sample data's sites, each in the area and office `placeOf` gives it. */
export async function insertDemoSites<P extends DemoSiteProperties>(
  tx: Queryable,
  sites: FeatureCollection<Point, P>,
  placeOf: (site: P) => { areaId: number | null; officeId: number | null },
): Promise<void> {
  for (const s of sites.features as Feature<Point, P>[]) {
    const [lon, lat] = s.geometry.coordinates as [number, number];
    await insertSite(tx, {
      code: s.properties.code,
      name: s.properties.name,
      kind: s.properties.kind,
      lon,
      lat,
      populationServed: s.properties.populationServed,
      district: s.properties.district,
      ...placeOf(s.properties),
    });
  }
}
