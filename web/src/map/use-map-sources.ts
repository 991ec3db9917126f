import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import type { BasemapPack } from '../api/basemaps-api';
import type { SiteCollection } from '../api/sites-api';
import { basemapStyle } from '../basemap/basemap-layers';
import type { Loadable } from '../survey/use-survey-areas';
import { markMapReadyWhenIdle } from './map-ready';
import type { TileFilter } from './style';
import type { InitialMapContent } from './use-offline-map';

export interface MapSourcesInput {
  /** False while the rounds are loading: the map waits for the round its first tiles show. */
  roundsSettled: boolean;
  filter: TileFilter;
  areaStatus: Loadable<unknown>['status'];
  areaCollection: FeatureCollection;
  sites: Loadable<SiteCollection>;
  /** The base layer: known once the list of installed packs has come (null: the outlines). */
  basemap: { settled: boolean; shown: BasemapPack | null };
}

/**
 * What the map starts with, or null while it should wait: the map starts once the round is
 * known, so its first wastewater tiles are the shown round's, and once the areas, sites and the
 * installed basemap packs have come (usually preloaded with the session, so no wait): they go
 * into the style and are drawn with the first frame, the pack's tiles asked for with the others,
 * not in a second pass after it.
 */
export function useInitialMapContent({
  roundsSettled,
  filter,
  areaStatus,
  areaCollection,
  sites,
  basemap,
}: MapSourcesInput): InitialMapContent | null {
  const { analyte, roundId } = filter;
  const settled =
    roundsSettled && areaStatus !== 'loading' && sites.status !== 'loading' && basemap.settled;
  const pack = basemap.shown;
  return useMemo((): InitialMapContent | null => {
    if (!settled) return null;
    return {
      filter: { analyte, roundId },
      areas: areaStatus === 'loaded' ? areaCollection : undefined,
      sites: sites.status === 'loaded' ? sites.value : undefined,
      basemap: pack ? basemapStyle(pack, window.location.origin) : null,
    };
  }, [settled, analyte, roundId, areaStatus, areaCollection, sites, pack]);
}

/**
 * Hands the survey areas and sites that arrive after the map started to it (`setData`), not what
 * it was created with, and marks the map ready once both are on it (or failed) and drawn.
 */
export function useMapSourceSync(
  map: MapLibreMap | null,
  initialContent: InitialMapContent | null,
  { areaStatus, areaCollection, sites }: Pick<MapSourcesInput, 'areaStatus' | 'areaCollection' | 'sites'>,
): void {
  const handedToMap = useRef<{ areas?: unknown; sites?: unknown }>({});
  useEffect(() => {
    // What the map was created with (the first non-null content) needs no setData later.
    if (initialContent && !map && handedToMap.current.areas === undefined) {
      handedToMap.current = { areas: initialContent.areas ?? null, sites: initialContent.sites ?? null };
    }
  }, [initialContent, map]);

  useEffect(() => {
    if (!map || handedToMap.current.areas === areaCollection) return;
    handedToMap.current.areas = areaCollection;
    map.getSource<GeoJSONSource>('areas')?.setData(areaCollection);
  }, [map, areaCollection]);

  useEffect(() => {
    if (!map || sites.status !== 'loaded' || handedToMap.current.sites === sites.value) return;
    handedToMap.current.sites = sites.value;
    map.getSource<GeoJSONSource>('sites')?.setData(sites.value);
  }, [map, sites]);

  // Ready for the tests and the benchmark once the survey areas and sites are on the map (or
  // have failed to load), and drawn.
  const dataSettled = areaStatus !== 'loading' && sites.status !== 'loading';
  useEffect(() => {
    if (!map || !dataSettled) return;
    performance.mark('map-data-settled');
    markMapReadyWhenIdle(map);
  }, [map, dataSettled]);
}
