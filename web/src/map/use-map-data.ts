import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { useEffect, useState } from 'react';
import { fetchArea, fetchAreas, type SurveyAreaWithGeometry } from '../api/areas-api';
import { fetchSites, type SiteCollection } from '../api/sites-api';
import type { Loadable } from '../survey/use-survey-areas';
import { basemapPath } from './style';

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs `load` once per mount; pass a module-level function so it stays the same. */
function useLoadable<T>(load: (signal: AbortSignal) => Promise<T>): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal)
      .then((value) => setState({ status: 'loaded', value }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error: asError(error) });
      });
    return () => controller.abort();
  }, [load]);
  return state;
}

/** Every survey area with its outline: the list, then each area's geometry in parallel. */
async function loadAreaShapes(signal: AbortSignal): Promise<SurveyAreaWithGeometry[]> {
  const areas = await fetchAreas(signal);
  return Promise.all(areas.map((area) => fetchArea(area.id, signal)));
}

function loadSites(signal: AbortSignal): Promise<SiteCollection> {
  return fetchSites({ signal });
}

export interface BasemapProperties {
  name: string;
  city: string;
}

/** The bundled districts GeoJSON, for the city labels (MapLibre loads its own copy to draw). */
async function loadBasemap(
  signal: AbortSignal,
): Promise<FeatureCollection<Polygon | MultiPolygon, BasemapProperties>> {
  const response = await fetch(basemapPath, { signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${basemapPath}: HTTP ${response.status}`);
  return response.json() as Promise<FeatureCollection<Polygon | MultiPolygon, BasemapProperties>>;
}

export function useAreaShapes(): Loadable<SurveyAreaWithGeometry[]> {
  return useLoadable(loadAreaShapes);
}

export function useSamplingSites(): Loadable<SiteCollection> {
  return useLoadable(loadSites);
}

export function useBasemapDistricts(): Loadable<
  FeatureCollection<Polygon | MultiPolygon, BasemapProperties>
> {
  return useLoadable(loadBasemap);
}
