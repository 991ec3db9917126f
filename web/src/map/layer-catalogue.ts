import type { TrendCategory } from '@skywater/core/stats/trend';
import type { FindingStatus } from '@skywater/core/survey/finding-status';
import type { TileLayerName } from '@skywater/core/tiles/tile-layer-names';
import type { SiteKind } from '../api/sites-api';
import { okabeIto } from './colour-scales';

/** The vector-tile layers the server publishes at `/tiles/:layer/:z/:x/:y.pbf` (docs/api-contract.md). */
export type { TileLayerName };

/** In the order the map draws their sources (each name of core's list, once: tile-layer-zooms.test.ts). */
export const tileLayerNames: readonly TileLayerName[] = [
  'districts',
  'coverage',
  'footprints',
  'flights',
  'findings',
  'sites',
  'hotspots',
  'gaps',
];

/** The wastewater tile layers: their URLs carry the chosen `analyte` and `roundId`. */
export const wastewaterTileLayers: readonly TileLayerName[] = ['sites', 'hotspots'];

/** What the layer panel switches on and off; each group is one or more MapLibre layers. */
export type LayerGroupId =
  | 'districts'
  | 'areas'
  | 'coverageCells'
  | 'gaps'
  | 'footprints'
  | 'flights'
  | 'loadHeatmap'
  | 'hotspots'
  | 'siteTrends'
  | 'sites'
  | 'findings';

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
  { id: 'siteTrends', layerIds: ['sites-trend'], visibleByDefault: true, tileLayer: 'sites' },
  { id: 'hotspots', layerIds: ['hotspots-circle'], visibleByDefault: true, tileLayer: 'hotspots' },
  { id: 'loadHeatmap', layerIds: ['loads-heatmap'], visibleByDefault: true, tileLayer: 'sites' },
  { id: 'findings', layerIds: ['findings-circle'], visibleByDefault: true, tileLayer: 'findings' },
  { id: 'flights', layerIds: ['flights-line'], visibleByDefault: false, tileLayer: 'flights' },
  {
    id: 'footprints',
    layerIds: ['footprints-fill', 'footprints-line'],
    visibleByDefault: false,
    tileLayer: 'footprints',
  },
  { id: 'gaps', layerIds: ['gaps-outline'], visibleByDefault: false, tileLayer: 'gaps' },
  { id: 'coverageCells', layerIds: ['coverage-fill'], visibleByDefault: true, tileLayer: 'coverage' },
  { id: 'areas', layerIds: ['areas-fill', 'areas-outline'], visibleByDefault: true },
  {
    id: 'districts',
    layerIds: ['districts-fill', 'districts-outline'],
    visibleByDefault: true,
    tileLayer: 'districts',
  },
];

export type LayerVisibility = Record<LayerGroupId, boolean>;

export function defaultLayerVisibility(): LayerVisibility {
  return Object.fromEntries(
    layerGroups.map((group) => [group.id, group.visibleByDefault]),
  ) as LayerVisibility;
}

/**
 * Site kinds in Okabe-Ito colours: plants and sewers in blues, venues yellow, hotels purple.
 * Not vermillion or orange: those are the hot spots' (Gi* +2, +3) beneath the sites.
 */
export const siteKindColours: Record<SiteKind, string> = {
  wwtp: okabeIto.blue,
  sewer: okabeIto.skyBlue,
  venue: okabeIto.yellow,
  hotel: okabeIto.reddishPurple,
  residential: okabeIto.bluishGreen,
  other: '#8c8c8c',
};

/** The chain a suspected plot goes through (docs/api-contract.md, findings verify / eradicate / reject). */
export type { FindingStatus };

export const findingStatusColours: Record<FindingStatus, string> = {
  suspected: okabeIto.vermillion,
  verified: okabeIto.orange,
  eradicated: okabeIto.bluishGreen,
  rejected: okabeIto.skyBlue,
  resurveyed: okabeIto.blue,
};

/** Trend categories of a site's series (Mann-Kendall + Sen, docs/api-contract.md `trend.category`). */
export type { TrendCategory };

export const trendColours: Record<TrendCategory, string> = {
  rising: okabeIto.vermillion,
  falling: okabeIto.blue,
  stable: '#7f7f7f',
  insufficient_data: '#d0d0d0',
};

/**
 * Gi* confidence bins, −3 (cold spot, 99 %) … +3 (hot spot, 99 %): a blue-to-vermillion diverging
 * scale (Okabe-Ito ends, lighter towards 0), told apart by red-green colour-blind readers.
 */
export const hotspotBinColours: Record<string, string> = {
  '-3': '#0072b2',
  '-2': '#4b9bd0',
  '-1': '#a6cde6',
  '1': '#f3b78e',
  '2': '#e5874f',
  '3': '#d55e00',
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
  gap: okabeIto.vermillion,
} as const;
