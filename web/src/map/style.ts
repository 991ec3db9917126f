import type { FeatureCollection } from 'geojson';
import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import { TILE_LAYER_MIN_ZOOM } from '@skywater/core/tiles/tile-layer-names';
import { siteKinds } from '../api/sites-api';
import { type BasemapStyle, basemapBelowLayer, basemapSourceId } from '../basemap/basemap-layers';
import { coverageStops, viridisExpression } from './colour-scales';
import {
  type FindingStatus,
  findingStatusColours,
  hotspotBinColours,
  type LayerGroupId,
  layerGroups,
  type LayerVisibility,
  mapPalette,
  siteKindColours,
  type TileLayerName,
  tileLayerNames,
  trendColours,
  wastewaterTileLayers,
} from './layer-catalogue';

/** Hainan Island with a margin (lon/lat): no tile is asked for outside it. */
export const hainanBounds: [number, number, number, number] = [108.3, 17.9, 111.3, 20.3];

/** Survey areas smaller than this (km²) are grid cells: drawn in hairlines when zoomed out. */
const smallAreaKm2 = 25;

/** Deepest zoom the tile server cuts; MapLibre over-zooms beyond it. */
const tileMaxZoom = 16;

export interface OfflineStyleOptions {
  /** This page's origin, e.g. `http://127.0.0.1:8080`; every URL of the style is under it. */
  origin: string;
  visibility: LayerVisibility;
  /** The wastewater layers' round and analyte at start: their first tiles are the right ones. */
  filter?: TileFilter;
  /** The survey areas and sampling sites when already loaded: drawn with the first frame. */
  areas?: FeatureCollection;
  sites?: FeatureCollection;
  /**
   * The basemap pack shown at start, when known before the map is made: its tiles are asked for
   * with the first view's, not after the style's load (a second wave the map would wait for).
   */
  basemap?: BasemapStyle | null;
}

function emptyCollection(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}

/** Filters of the wastewater layers (docs/api-contract.md, "Map tiles": `analyte`, `roundId`). */
export interface TileFilter {
  analyte?: string;
  roundId?: string;
}

/** The URL template MapLibre fills in for one of the server's tile layers, with its filter if any. */
export function tileUrlTemplate(origin: string, layer: TileLayerName, filter: TileFilter = {}): string {
  const params = new URLSearchParams();
  if (filter.analyte) params.set('analyte', filter.analyte);
  if (filter.roundId) params.set('roundId', filter.roundId);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.pbf${query}`;
}

/** The source id of a tile layer. */
export function tileSourceId(layer: TileLayerName): string {
  return `tiles-${layer}`;
}

function matchColours<K extends string>(
  property: string,
  colours: Record<K, string>,
  fallback: string,
): ExpressionSpecification {
  const pairs = Object.entries(colours).flat() as string[];
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

function visibilityOf(visibility: LayerVisibility, layerId: string): 'visible' | 'none' {
  const group = layerGroups.find((candidate) => candidate.layerIds.includes(layerId));
  return group && !visibility[group.id as LayerGroupId] ? 'none' : 'visible';
}

function sources({ origin, filter, areas, sites }: OfflineStyleOptions): Record<string, SourceSpecification> {
  const tileSources = Object.fromEntries(
    tileLayerNames.map((layer) => [
      tileSourceId(layer),
      {
        type: 'vector',
        tiles: [tileUrlTemplate(origin, layer, wastewaterTileLayers.includes(layer) ? filter : {})],
        bounds: hainanBounds,
        // Below its layer's zoom in core every tile is empty: MapLibre is not asked for any.
        minzoom: TILE_LAYER_MIN_ZOOM[layer],
        maxzoom: tileMaxZoom,
      } satisfies SourceSpecification,
    ]),
  );
  return {
    // From `GET /api/areas/:id` and `GET /api/sites`: in the style when loaded before the map
    // starts, else filled in by the map screen when they arrive.
    areas: { type: 'geojson', data: areas ?? emptyCollection(), promoteId: 'id' },
    sites: { type: 'geojson', data: sites ?? emptyCollection(), promoteId: 'id' },
    ...tileSources,
  };
}

/**
 * Layers bottom to top. Vector-tile layers read the source layer named like the URL's layer
 * (`/tiles/coverage/...` → source layer `coverage`), the server's convention for ST_AsMVT.
 */
function layers(): LayerSpecification[] {
  const siteKindColour = matchColours(
    'kind',
    Object.fromEntries(siteKinds.map((kind) => [kind, siteKindColours[kind]])),
    siteKindColours.other,
  );
  const findingColour = matchColours<FindingStatus>(
    'status',
    findingStatusColours,
    findingStatusColours.suspected,
  );
  return [
    { id: 'background', type: 'background', paint: { 'background-color': mapPalette.sea } },
    // Fills without MapLibre's antialiasing pass: their edges are drawn by a line layer anyway (or
    // do not need one), and each pass is one more shader program for the first frame to compile
    // (seconds in all, in software WebGL).
    // The basemap's boundaries as vector tiles cut by the server (`/tiles/districts`): the
    // browser's worker only decodes the vertices of the view, not the whole island's GeoJSON.
    {
      id: 'districts-fill',
      type: 'fill',
      source: tileSourceId('districts'),
      'source-layer': 'districts',
      paint: { 'fill-color': mapPalette.land, 'fill-antialias': false },
    },
    {
      id: 'districts-outline',
      type: 'line',
      source: tileSourceId('districts'),
      'source-layer': 'districts',
      paint: { 'line-color': mapPalette.districtOutline, 'line-width': 0.7 },
    },
    {
      id: 'areas-fill',
      type: 'fill',
      source: 'areas',
      paint: {
        'fill-color': viridisExpression('coveragePct', 0, 100, '#bdbdbd', coverageStops),
        'fill-opacity': 0.45,
        'fill-antialias': false,
      },
    },
    {
      id: 'areas-outline',
      type: 'line',
      source: 'areas',
      paint: {
        'line-color': mapPalette.areaOutline,
        // A district's grid cells (a few km² each) in hairlines when zoomed out, or their
        // outlines would merge into one dark patch; a whole area's outline stays bold.
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          8,
          ['case', ['<', ['to-number', ['get', 'areaKm2'], 0], smallAreaKm2], 0.4, 1.6],
          12,
          ['case', ['<', ['to-number', ['get', 'areaKm2'], 0], smallAreaKm2], 1.2, 1.6],
        ],
      },
    },
    {
      id: 'coverage-fill',
      type: 'fill',
      source: tileSourceId('coverage'),
      'source-layer': 'coverage',
      paint: { 'fill-color': mapPalette.coverageCell, 'fill-opacity': 0.35, 'fill-antialias': false },
    },
    {
      id: 'gaps-outline',
      type: 'line',
      source: tileSourceId('gaps'),
      'source-layer': 'gaps',
      paint: { 'line-color': mapPalette.gap, 'line-width': 1.5, 'line-dasharray': [1, 1] },
    },
    {
      id: 'footprints-fill',
      type: 'fill',
      source: tileSourceId('footprints'),
      'source-layer': 'footprints',
      minzoom: TILE_LAYER_MIN_ZOOM.footprints,
      // Nearly transparent, but it takes the clicks that open the photo preview.
      paint: { 'fill-color': mapPalette.footprint, 'fill-opacity': 0.08, 'fill-antialias': false },
    },
    {
      id: 'footprints-line',
      type: 'line',
      source: tileSourceId('footprints'),
      'source-layer': 'footprints',
      minzoom: TILE_LAYER_MIN_ZOOM.footprints,
      paint: { 'line-color': mapPalette.footprint, 'line-width': 0.8, 'line-opacity': 0.8 },
    },
    {
      id: 'flights-line',
      type: 'line',
      source: tileSourceId('flights'),
      'source-layer': 'flights',
      paint: { 'line-color': mapPalette.flight, 'line-width': 1.5, 'line-dasharray': [2, 1] },
    },
    {
      id: 'loads-heatmap',
      type: 'heatmap',
      source: tileSourceId('sites'),
      'source-layer': 'sites',
      maxzoom: 12,
      // Sites without a load in the chosen round and analyte add nothing to the heat.
      filter: ['has', 'normalisedLoadMgPerDayPer1000'],
      paint: {
        // Weighted by the population-normalised load (mg/day/1000 people); 200 and above weigh fully.
        'heatmap-weight': [
          'interpolate',
          ['linear'],
          ['to-number', ['get', 'normalisedLoadMgPerDayPer1000']],
          0,
          0,
          200,
          1,
        ],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 40],
        'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 12, 0],
        'heatmap-color': [
          'interpolate',
          ['linear'],
          ['heatmap-density'],
          0,
          'rgba(68,1,84,0)',
          0.2,
          '#3b528b',
          0.4,
          '#21918c',
          0.7,
          '#5ec962',
          1,
          '#fde725',
        ],
      },
    },
    {
      id: 'hotspots-circle',
      type: 'circle',
      source: tileSourceId('hotspots'),
      'source-layer': 'hotspots',
      // Only sites in a significant bin; a tile without `giBin` (or `bin`) draws nothing.
      filter: ['!=', ['to-number', ['coalesce', ['get', 'giBin'], ['get', 'bin'], 0]], 0],
      paint: {
        'circle-color': [
          'match',
          ['to-string', ['coalesce', ['get', 'giBin'], ['get', 'bin'], 0]],
          ...Object.entries(hotspotBinColours).flat(),
          'rgba(0,0,0,0)',
        ] as unknown as ExpressionSpecification,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 9, 12, 18],
        'circle-opacity': 0.55,
      },
    },
    {
      id: 'sites-trend',
      type: 'circle',
      source: tileSourceId('sites'),
      'source-layer': 'sites',
      minzoom: 8,
      filter: ['has', 'trend'],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 6.5, 12, 11],
        'circle-stroke-color': matchColours('trend', trendColours, trendColours.insufficient_data),
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'sites-circle',
      type: 'circle',
      source: 'sites',
      paint: {
        'circle-color': siteKindColour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 3.5, 12, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    },
    {
      id: 'findings-circle',
      type: 'circle',
      source: tileSourceId('findings'),
      'source-layer': 'findings',
      paint: {
        'circle-color': findingColour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 3, 14, 8],
        'circle-stroke-color': '#000000',
        'circle-stroke-width': 1,
      },
    },
  ];
}

/**
 * The map style, built in code and entirely offline: only sources on this origin, no glyphs,
 * no sprite (labels are HTML markers), so the map works with the network cable pulled.
 */
export function buildOfflineStyle(options: OfflineStyleOptions): StyleSpecification {
  const { visibility, basemap } = options;
  const own = layers().map((layer) =>
    layer.type === 'background'
      ? layer
      : { ...layer, layout: { ...layer.layout, visibility: visibilityOf(visibility, layer.id) } },
  ) as LayerSpecification[];
  if (!basemap) return { version: 8, name: 'skywater-offline', sources: sources(options), layers: own };
  // The pack's fills and lines under the district outlines (as `useBaseLayerOnMap` adds them), its names on top.
  const below = own.findIndex((layer) => layer.id === basemapBelowLayer);
  return {
    version: 8,
    name: 'skywater-offline',
    sources: { ...sources(options), [basemapSourceId]: basemap.source },
    layers: [...own.slice(0, below), ...basemap.base, ...own.slice(below), ...basemap.labels],
  };
}
