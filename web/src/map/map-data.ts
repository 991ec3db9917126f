import type { FeatureCollection, Point } from 'geojson';
import { type Analyte, fetchAnalytes } from '../api/analytes-api';
import { type BasemapPack, fetchBasemaps } from '../api/basemaps-api';
import { fetchArea, fetchAreas, type SurveyAreaWithGeometry } from '../api/areas-api';
import { fetchRounds, type Round } from '../api/rounds-api';
import { fetchSites, type SiteCollection } from '../api/sites-api';

// The map screen's first data, in the small first chunk (no MapLibre here): the app asks for it
// as soon as the session says the map is the screen to open, while the map's own chunk (MapLibre)
// is still loading, and the map screen takes the answers over when it mounts.

/** Where the basemap's city names go (the boundaries themselves come as vector tiles). */
export const cityLabelsPath = '/basemap/hainan-city-labels.geojson';

export type CityLabelCollection = FeatureCollection<Point, { city: string }>;

/** Every survey area with its outline: the list, then each area's geometry in parallel. */
async function loadAreaShapes(signal?: AbortSignal): Promise<SurveyAreaWithGeometry[]> {
  const areas = await fetchAreas(signal);
  return Promise.all(areas.map((area) => fetchArea(area.id, signal)));
}

async function loadCityLabels(signal?: AbortSignal): Promise<CityLabelCollection> {
  const response = await fetch(cityLabelsPath, { signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${cityLabelsPath}: HTTP ${response.status}`);
  return response.json() as Promise<CityLabelCollection>;
}

export interface MapData {
  areaShapes: SurveyAreaWithGeometry[];
  sites: SiteCollection;
  cityLabels: CityLabelCollection;
  rounds: Round[];
  analytes: Analyte[];
  /** The installed basemap packs: the one shown goes into the map's first style. */
  basemaps: BasemapPack[];
}

const loaders: { [K in keyof MapData]: (signal?: AbortSignal) => Promise<MapData[K]> } = {
  areaShapes: loadAreaShapes,
  sites: (signal) => fetchSites({ signal }),
  cityLabels: loadCityLabels,
  rounds: fetchRounds,
  analytes: fetchAnalytes,
  basemaps: fetchBasemaps,
};

/** A preloaded answer older than this is not used: the screen asks again. */
const preloadFreshMs = 30_000;

const preloaded: { [K in keyof MapData]?: { at: number; promise: Promise<MapData[K]> } } = {};

/** Starts every request the map screen makes at mount (once; the answers wait to be taken). */
export function preloadMapData(): void {
  const now = performance.now();
  for (const key of Object.keys(loaders) as (keyof MapData)[]) {
    if (preloaded[key] && now - preloaded[key].at < preloadFreshMs) continue;
    const promise = loaders[key]();
    // Taken (and its failure reported) by the screen; never an unhandled rejection meanwhile.
    promise.catch(() => undefined);
    (preloaded as Record<string, unknown>)[key] = { at: now, promise };
  }
}

/** The preloaded answer for `key` when there is a fresh one (each is taken once), else a new request. */
export function loadMapData<K extends keyof MapData>(key: K, signal?: AbortSignal): Promise<MapData[K]> {
  const entry = preloaded[key];
  delete preloaded[key];
  if (entry && performance.now() - entry.at < preloadFreshMs) return entry.promise;
  return loaders[key](signal);
}
