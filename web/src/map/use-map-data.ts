import type { SurveyAreaWithGeometry } from '../api/areas-api';
import type { SiteCollection } from '../api/sites-api';
import { useLoadable } from '../app/use-loadable';
import type { Loadable } from '../survey/use-survey-areas';
import { type CityLabelCollection, loadMapData } from './map-data';

// Module-level loaders, so each stays the same function; the first answer may be the one the
// app preloaded when it saw the map was the screen to open (`map-data.ts`).
const loadAreaShapes = (signal: AbortSignal) => loadMapData('areaShapes', signal);
const loadSites = (signal: AbortSignal) => loadMapData('sites', signal);
const loadCityLabels = (signal: AbortSignal) => loadMapData('cityLabels', signal);

export function useAreaShapes(): Loadable<SurveyAreaWithGeometry[]> {
  return useLoadable(loadAreaShapes).state;
}

export function useSamplingSites(): Loadable<SiteCollection> {
  return useLoadable(loadSites).state;
}

export function useCityLabels(): Loadable<CityLabelCollection> {
  return useLoadable(loadCityLabels).state;
}
