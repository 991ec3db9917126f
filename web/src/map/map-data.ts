import type { FeatureCollection, Point } from 'geojson';
import { type Analyte, fetchAnalytes } from '../api/analytes-api';
import { type BasemapPack, fetchBasemaps } from '../api/basemaps-api';
import { fetchAreasWithGeometry, type SurveyAreaWithGeometry } from '../api/areas-api';
import { type Campaign, fetchCampaigns } from '../api/campaigns-api';
import { fetchRounds, type Round } from '../api/rounds-api';
import { fetchSites, type SiteCollection } from '../api/sites-api';

// The map screen's first data, in the small first chunk (no MapLibre here): the app asks for it
// as soon as the session says the map is the screen to open, while the map's own chunk (MapLibre)
// is still loading, and the map screen takes the answers over when it mounts.

/** Where the basemap's city names go (the boundaries themselves come as vector tiles). */
export const cityLabelsPath = '/basemap/hainan-city-labels.geojson';

/** Each city's label point, its Chinese name and its English one (the Chinese where none is known). */
export type CityLabelCollection = FeatureCollection<Point, { city: string; cityEn?: string }>;

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
  /** The campaigns' names, for the round slider's campaign picker. */
  campaigns: Campaign[];
  /** The installed basemap packs: the one shown goes into the map's first style. */
  basemaps: BasemapPack[];
}

const loaders: { [K in keyof MapData]: (signal?: AbortSignal) => Promise<MapData[K]> } = {
  // One request for every outline: a district cut into 211 grid cells is 211 areas.
  areaShapes: fetchAreasWithGeometry,
  sites: (signal) => fetchSites({ signal }),
  cityLabels: loadCityLabels,
  rounds: fetchRounds,
  analytes: fetchAnalytes,
  campaigns: fetchCampaigns,
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
    // A failed answer is not kept: the screen asks again (and reports its own failure), e.g.
    // after a guess made before the session check met an ended session. Never an unhandled rejection.
    promise.catch(() => {
      if (preloaded[key]?.promise === promise) delete preloaded[key];
    });
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
