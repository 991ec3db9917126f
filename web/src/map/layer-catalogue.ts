import type { SiteKind } from '../api/sites-api';
import { okabeIto } from './colour-scales';

/** The vector-tile layers the server publishes at `/tiles/:layer/:z/:x/:y.pbf` (API.md). */
export type TileLayerName = 'coverage' | 'footprints' | 'flights' | 'findings' | 'sites';

export const tileLayerNames: readonly TileLayerName[] = ['coverage', 'footprints', 'flights', 'findings', 'sites'];

/** What the layer panel switches on and off; each group is one or more MapLibre layers. */
export type LayerGroupId = 'districts' | 'areas' | 'coverageCells' | 'footprints' | 'flights' | 'loadHeatmap' | 'sites' | 'findings';

export interface LayerGroup {
  id: LayerGroupId;
  /** MapLibre layer ids, bottom first. */
  layerIds: readonly string[];
  visibleByDefault: boolean;
  /** The tile layer the group draws, when it comes from vector tiles. */
  tileLayer?: TileLayerName;
}

/** Panel order, top of the map first: what an analyst looks for first is at the top. */
export const layerGroups: readonly LayerGroup[] = [
  { id: 'sites', layerIds: ['sites-circle'], visibleByDefault: true },
  { id: 'loadHeatmap', layerIds: ['loads-heatmap'], visibleByDefault: false, tileLayer: 'sites' },
  { id: 'findings', layerIds: ['findings-circle'], visibleByDefault: true, tileLayer: 'findings' },
  { id: 'flights', layerIds: ['flights-line'], visibleByDefault: false, tileLayer: 'flights' },
  { id: 'footprints', layerIds: ['footprints-line'], visibleByDefault: false, tileLayer: 'footprints' },
  { id: 'coverageCells', layerIds: ['coverage-fill'], visibleByDefault: true, tileLayer: 'coverage' },
  { id: 'areas', layerIds: ['areas-fill', 'areas-outline'], visibleByDefault: true },
  { id: 'districts', layerIds: ['districts-fill', 'districts-outline'], visibleByDefault: true },
];

export type LayerVisibility = Record<LayerGroupId, boolean>;

export function defaultLayerVisibility(): LayerVisibility {
  return Object.fromEntries(layerGroups.map((group) => [group.id, group.visibleByDefault])) as LayerVisibility;
}

/** Site kinds in Okabe-Ito colours: plants and sewers in blues, venues and hotels in warm colours. */
export const siteKindColours: Record<SiteKind, string> = {
  wwtp: okabeIto.blue,
  sewer: okabeIto.skyBlue,
  venue: okabeIto.vermillion,
  hotel: okabeIto.reddishPurple,
  residential: okabeIto.bluishGreen,
  other: okabeIto.orange,
};

/** The chain a suspected plot goes through (API.md, findings verify / eradicate / reject). */
export type FindingStatus = 'suspected' | 'verified' | 'eradicated' | 'rejected';

export const findingStatusColours: Record<FindingStatus, string> = {
  suspected: okabeIto.vermillion,
  verified: okabeIto.orange,
  eradicated: okabeIto.bluishGreen,
  rejected: okabeIto.skyBlue,
};

/** Colours of the basemap and line layers, in one place for the style and the legends. */
export const mapPalette = {
  sea: '#dbe5ec',
  land: '#f6f4ef',
  districtOutline: '#8c8c8c',
  areaOutline: '#1f2937',
  coverageCell: okabeIto.bluishGreen,
  footprint: okabeIto.blue,
  flight: okabeIto.reddishPurple,
} as const;
