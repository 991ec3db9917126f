import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { BasemapPack } from '../api/basemaps-api';
import type { Language } from '../i18n/language';

/**
 * MapLibre layers for an installed basemap pack, drawn from the pack's own tiles on this origin.
 * Imagery is one raster layer. Vector packs are styled by the layer names they hold: the demo
 * pack's (`boundaries`, `places`), the OpenMapTiles schema that planetiler and tilemaker write
 * (`water`, `landcover`, `landuse`, `park`, `transportation`, `building`, `boundary`, `place`,
 * `transportation_name`, `water_name`) and the Protomaps basemap schema that `pmtiles extract`
 * of its builds gives (`earth`, `water`, `landuse`, `roads`, `buildings`, `boundaries`, `places`).
 * A layer the pack does not hold is left out.
 *
 * Labels are symbol layers without a `glyphs` URL: MapLibre then draws every glyph itself with the
 * browser's local fonts (TinySDF), Chinese in `localIdeographFontFamily`, so nothing is fetched
 * from outside (docs/web.md, "Offline map").
 */

/** The source id every basemap pack takes (one pack is shown at a time). */
export const basemapSourceId = 'basemap-pack';

/** The outline map's layer the basemap's fills and lines go under (boundaries stay on top). */
export const basemapBelowLayer = 'districts-outline';

/** Ids of the basemap's layers start with this, so the map can find and remove them. */
export const basemapLayerPrefix = 'basemap-';

/** The local fonts Chinese labels are drawn in: what Debian (fonts-noto-cjk), Windows and macOS ship. */
export const localIdeographFontFamily =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** Colours of the vector basemap: quiet, so the data above it (areas, sites, heat) reads first. */
export const basemapPalette = {
  land: '#f6f4ef',
  water: '#b9d3e3',
  green: '#dfe8d2',
  built: '#ece8e1',
  building: '#dcd6cd',
  road: '#ffffff',
  roadCasing: '#cfc8bd',
  majorRoad: '#f5d9a8',
  boundary: '#9a8fa8',
  label: '#404040',
  labelHalo: '#ffffff',
} as const;

/** The properties a label's name is read from, first present wins: Chinese, else the local name. */
const labelNameKeys = ['name:zh', 'name:zh-Hans', 'name_zh', 'name'] as const;

/** In the English interface, first present wins: English (OpenMapTiles, Protomaps, the demo pack), else as in Chinese. */
const englishLabelNameKeys = ['name:en', 'name_en', 'name:latin', ...labelNameKeys] as const;

/**
 * The map's global state property the interface language is kept in (`setGlobalStateProperty`,
 * useBaseLayerOnMap): the names follow a switch of language without the style being rebuilt.
 */
export const labelLanguageState = 'language';

const coalesceOf = (keys: readonly string[]) =>
  ['coalesce', ...keys.map((key) => ['get', key])] as unknown as ExpressionSpecification;

/**
 * The name a label shows, in the interface language: the English name in English where the tiles
 * carry one, else the Chinese name, else the local name.
 */
export const labelName: ExpressionSpecification = [
  'case',
  ['==', ['global-state', labelLanguageState], 'en'],
  coalesceOf(englishLabelNameKeys),
  coalesceOf(labelNameKeys),
] as ExpressionSpecification;

/** `labelName` read from a feature's properties in the page, for `language`. */
export function labelNameOf(
  properties: Record<string, unknown> | null | undefined,
  language: Language = 'zh-CN',
): string | null {
  for (const key of language === 'en' ? englishLabelNameKeys : labelNameKeys) {
    const value = properties?.[key];
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return null;
}

export interface BasemapStyle {
  source: SourceSpecification;
  /** Drawn under the project's data (fills, lines). */
  base: LayerSpecification[];
  /** Drawn over everything (names). */
  labels: LayerSpecification[];
}

export function basemapStyle(pack: BasemapPack, origin: string): BasemapStyle {
  const tiles = [`${origin}${pack.tileUrl}`];
  const range = { bounds: pack.bounds, minzoom: pack.minZoom, maxzoom: pack.maxZoom };
  // No `attribution` on the source: the map's one attribution line gives the pack's credit with
  // the outlines' (map/map-attribution.ts), and MapLibre would add the source's a second time.
  if (pack.kind === 'raster') {
    return {
      source: { type: 'raster', tiles, tileSize: 256, ...range },
      // No fade-in: the map is idle (ready) only once every tile's fade has ended.
      base: [
        {
          id: `${basemapLayerPrefix}imagery`,
          type: 'raster',
          source: basemapSourceId,
          paint: { 'raster-fade-duration': 0 },
        },
      ],
      labels: [],
    };
  }
  const has = new Set(pack.vectorLayers);
  const keep = (layer: LayerSpecification & { 'source-layer'?: string }) =>
    !layer['source-layer'] || has.has(layer['source-layer']);
  return {
    source: { type: 'vector', tiles, ...range },
    base: vectorBaseLayers().filter(keep),
    labels: vectorLabelLayers().filter(keep),
  };
}

function fill(id: string, sourceLayer: string, color: string, extra: Partial<LayerSpecification> = {}) {
  return {
    id: `${basemapLayerPrefix}${id}`,
    type: 'fill',
    source: basemapSourceId,
    'source-layer': sourceLayer,
    paint: { 'fill-color': color, 'fill-antialias': false },
    ...extra,
  } as LayerSpecification & { 'source-layer': string };
}

function line(
  id: string,
  sourceLayer: string,
  paint: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    id: `${basemapLayerPrefix}${id}`,
    type: 'line',
    source: basemapSourceId,
    'source-layer': sourceLayer,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint,
    ...extra,
  } as LayerSpecification & { 'source-layer': string };
}

function vectorBaseLayers(): (LayerSpecification & { 'source-layer'?: string })[] {
  const majorRoad: ExpressionSpecification = [
    'match',
    ['coalesce', ['get', 'class'], ['get', 'kind']],
    ['motorway', 'trunk', 'primary', 'highway', 'major_road'],
    true,
    false,
  ];
  const roadWidth: ExpressionSpecification = [
    'interpolate',
    ['exponential', 1.6],
    ['zoom'],
    8,
    0.6,
    12,
    2,
    16,
    10,
  ];
  return [
    fill('earth', 'earth', basemapPalette.land),
    fill('boundaries-land', 'boundaries', basemapPalette.land, {
      filter: ['==', ['geometry-type'], 'Polygon'],
    }),
    fill('landcover', 'landcover', basemapPalette.green, {
      paint: { 'fill-color': basemapPalette.green, 'fill-opacity': 0.7 },
    }),
    fill('landuse', 'landuse', basemapPalette.built, {
      paint: { 'fill-color': basemapPalette.built, 'fill-opacity': 0.7 },
    }),
    fill('park', 'park', basemapPalette.green),
    fill('water', 'water', basemapPalette.water),
    line('waterway', 'waterway', { 'line-color': basemapPalette.water, 'line-width': 1 }),
    fill('building', 'building', basemapPalette.building, { minzoom: 14 }),
    fill('buildings', 'buildings', basemapPalette.building, { minzoom: 14 }),
    ...(['transportation', 'roads'] as const).flatMap((sourceLayer) => [
      line(`${sourceLayer}-casing`, sourceLayer, {
        'line-color': basemapPalette.roadCasing,
        'line-width': ['+', roadWidth, 1],
      }),
      line(`${sourceLayer}`, sourceLayer, {
        'line-color': ['case', majorRoad, basemapPalette.majorRoad, basemapPalette.road],
        'line-width': roadWidth,
      }),
    ]),
    line('boundary', 'boundary', {
      'line-color': basemapPalette.boundary,
      'line-width': 1,
      'line-dasharray': [3, 2],
    }),
    line('boundaries-line', 'boundaries', {
      'line-color': basemapPalette.boundary,
      'line-width': ['match', ['get', 'level'], 'city', 1.4, 0.8],
      'line-dasharray': [3, 2],
    }),
  ];
}

function vectorLabelLayers(): (LayerSpecification & { 'source-layer'?: string })[] {
  const text = (size: ExpressionSpecification | number) => ({
    'text-field': labelName,
    'text-size': size,
    'text-max-width': 8,
    'text-padding': 4,
  });
  const paint = {
    'text-color': basemapPalette.label,
    'text-halo-color': basemapPalette.labelHalo,
    'text-halo-width': 1.5,
  };
  const placeSize: ExpressionSpecification = [
    'match',
    ['coalesce', ['get', 'class'], ['get', 'kind']],
    ['city', 'state', 'country'],
    15,
    ['town', 'district', 'locality'],
    13,
    12,
  ];
  return [
    {
      id: `${basemapLayerPrefix}road-names`,
      type: 'symbol',
      source: basemapSourceId,
      'source-layer': 'transportation_name',
      minzoom: 12,
      layout: { ...text(11), 'symbol-placement': 'line' },
      paint,
    },
    {
      id: `${basemapLayerPrefix}water-names`,
      type: 'symbol',
      source: basemapSourceId,
      'source-layer': 'water_name',
      layout: text(12),
      paint: { ...paint, 'text-color': '#3c6e8f' },
    },
    {
      id: `${basemapLayerPrefix}place-names`,
      type: 'symbol',
      source: basemapSourceId,
      'source-layer': 'place',
      layout: text(placeSize),
      paint,
    },
    {
      // The demo pack's and Protomaps' places: cities from the start, districts and plants closer in.
      id: `${basemapLayerPrefix}places`,
      type: 'symbol',
      source: basemapSourceId,
      'source-layer': 'places',
      filter: [
        'any',
        ['match', ['coalesce', ['get', 'kind'], ''], ['city', 'locality'], true, false],
        ['>=', ['zoom'], 9],
      ],
      layout: {
        ...text(placeSize),
        'symbol-sort-key': ['match', ['coalesce', ['get', 'kind'], ''], 'city', 0, 'district', 1, 2],
      },
      paint,
    },
  ];
}
