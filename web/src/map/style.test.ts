// MapLibre's own style validator (a dependency of maplibre-gl).
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { BasemapPack } from '../api/basemaps-api';
import { basemapStyle } from '../basemap/basemap-layers';
import { viridisStops } from './colour-scales';
import { defaultLayerVisibility, hotspotBinColours, layerGroups, siteKindColours } from './layer-catalogue';
import { buildOfflineStyle, tileUrlTemplate } from './style';

const origin = 'http://127.0.0.1:8080';

function allUrls(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z]+:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(allUrls);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allUrls);
  return [];
}

describe('buildOfflineStyle', () => {
  const style = buildOfflineStyle({ origin, visibility: defaultLayerVisibility() });

  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style).map((error) => error.message)).toEqual([]);
  });

  it('asks for nothing outside this origin: no glyphs, no sprite, no remote source', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const urls = allUrls(style.sources);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((url) => url.startsWith(`${origin}/`))).toBe(true);
  });

  it('has no layer that would need glyphs or icons', () => {
    expect(style.layers.filter((layer) => layer.type === 'symbol')).toEqual([]);
  });

  it('reads the eight tile layers, the basemap’s boundaries included, from the server’s tile URLs', () => {
    const tileUrls = Object.values(style.sources).flatMap((source) =>
      'tiles' in source && source.tiles ? source.tiles : [],
    );
    expect(tileUrls.sort()).toEqual([
      'http://127.0.0.1:8080/tiles/coverage/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/districts/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/findings/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/flights/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/footprints/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/gaps/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/hotspots/{z}/{x}/{y}.pbf',
      'http://127.0.0.1:8080/tiles/sites/{z}/{x}/{y}.pbf',
    ]);
    // Only the survey areas and sites are GeoJSON (from the API, drawn with the first frame).
    expect(
      Object.entries(style.sources)
        .filter(([, source]) => source.type === 'geojson')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['areas', 'sites']);
  });

  it('defines every layer the layer panel switches', () => {
    const styleLayerIds = new Set(style.layers.map((layer) => layer.id));
    for (const group of layerGroups)
      for (const id of group.layerIds) expect(styleLayerIds.has(id)).toBe(true);
  });

  it('starts hidden the layers switched off by default, and can start them visible', () => {
    const flights = style.layers.find((layer) => layer.id === 'flights-line');
    expect(flights?.layout?.visibility).toBe('none');
    const allOn = buildOfflineStyle({ origin, visibility: { ...defaultLayerVisibility(), flights: true } });
    expect(allOn.layers.find((layer) => layer.id === 'flights-line')?.layout?.visibility).toBe('visible');
  });

  it('colours sites by kind apart from the hot spots, and survey areas by coverage outside the heat map palette', () => {
    const sites = style.layers.find((layer) => layer.id === 'sites-circle');
    expect(sites?.type === 'circle' && sites.paint?.['circle-color']).toEqual([
      'match',
      ['get', 'kind'],
      'wwtp',
      '#0072b2',
      'sewer',
      '#56b4e9',
      'venue',
      '#f0e442',
      'hotel',
      '#cc79a7',
      'residential',
      '#009e73',
      'other',
      '#8c8c8c',
      '#8c8c8c',
    ]);
    // Sites sit over the hot spots (+1 … +3, the warm end of the Gi* scale): never their colour.
    const hotColours = ['1', '2', '3'].map((bin) => hotspotBinColours[bin]);
    for (const colour of Object.values(siteKindColours)) expect(hotColours).not.toContain(colour);
    const areas = style.layers.find((layer) => layer.id === 'areas-fill');
    const areaFill = JSON.stringify(areas?.type === 'fill' && areas.paint?.['fill-color']);
    expect(areaFill).toContain('"coveragePct"');
    for (const colour of viridisStops) expect(areaFill).not.toContain(colour);
  });

  it('starts with the wastewater filter on the wastewater tiles only, and the data already loaded', () => {
    const sites = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          id: 1,
          geometry: { type: 'Point' as const, coordinates: [110.3, 20] },
          properties: { kind: 'wwtp' },
        },
      ],
    };
    const started = buildOfflineStyle({
      origin,
      visibility: defaultLayerVisibility(),
      filter: { analyte: 'METH', roundId: '6' },
      sites,
    });
    expect(validateStyleMin(started).map((error) => error.message)).toEqual([]);
    const tilesOf = (id: string) => {
      const source = started.sources[id];
      return 'tiles' in source ? source.tiles : undefined;
    };
    expect(tilesOf('tiles-sites')).toEqual([
      'http://127.0.0.1:8080/tiles/sites/{z}/{x}/{y}.pbf?analyte=METH&roundId=6',
    ]);
    expect(tilesOf('tiles-hotspots')).toEqual([
      'http://127.0.0.1:8080/tiles/hotspots/{z}/{x}/{y}.pbf?analyte=METH&roundId=6',
    ]);
    expect(tilesOf('tiles-coverage')).toEqual(['http://127.0.0.1:8080/tiles/coverage/{z}/{x}/{y}.pbf']);
    expect(started.sources.sites).toMatchObject({ type: 'geojson', data: sites });
    expect(started.sources.areas).toMatchObject({ data: { type: 'FeatureCollection', features: [] } });
  });
});

describe('buildOfflineStyle with a basemap pack', () => {
  const pack = {
    name: 'hainan-demo',
    kind: 'vector',
    bounds: [108.3, 17.9, 111.3, 20.3],
    minZoom: 5,
    maxZoom: 10,
    attribution: 'Skywater demo',
    vectorLayers: ['boundaries', 'places'],
    tileUrl: '/basemaps/hainan-demo/{z}/{x}/{y}',
  } as BasemapPack;
  const style = buildOfflineStyle({
    origin,
    visibility: defaultLayerVisibility(),
    basemap: basemapStyle(pack, origin),
  });
  const ids = style.layers.map((layer) => layer.id);

  it("asks for the pack's tiles with the first view's: its source is in the first style", () => {
    expect(validateStyleMin(style).map((error) => error.message)).toEqual([]);
    expect(style.sources['basemap-pack']).toMatchObject({
      type: 'vector',
      tiles: ['http://127.0.0.1:8080/basemaps/hainan-demo/{z}/{x}/{y}'],
    });
  });

  it('draws its fills under the district outlines and its names over everything', () => {
    const outlines = ids.indexOf('districts-outline');
    const fills = ids.filter((id) => id.startsWith('basemap-') && id !== 'basemap-places');
    expect(fills.length).toBeGreaterThan(0);
    for (const id of fills) expect(ids.indexOf(id)).toBeLessThan(outlines);
    expect(ids.at(-1)).toBe('basemap-places');
    // Every layer of the plain style is still there, in the same order.
    const plain = buildOfflineStyle({ origin, visibility: defaultLayerVisibility() }).layers.map((l) => l.id);
    expect(ids.filter((id) => !id.startsWith('basemap-'))).toEqual(plain);
  });
});

describe('tile sources', () => {
  const style = buildOfflineStyle({ origin, visibility: defaultLayerVisibility() });
  const source = (id: string) => style.sources[id] as { minzoom?: number };

  it('ask for nothing below the zoom the server publishes a layer from', () => {
    expect(source('tiles-coverage').minzoom).toBe(8);
    expect(source('tiles-footprints').minzoom).toBe(13);
    expect(source('tiles-gaps').minzoom).toBe(10);
    expect(source('tiles-sites').minzoom).toBe(0);
  });
});

describe('tileUrlTemplate', () => {
  it('adds the analyte and round filter of the wastewater layers as query parameters', () => {
    expect(tileUrlTemplate(origin, 'sites', { analyte: 'ETO-ACID', roundId: '7' })).toBe(
      'http://127.0.0.1:8080/tiles/sites/{z}/{x}/{y}.pbf?analyte=ETO-ACID&roundId=7',
    );
    expect(tileUrlTemplate(origin, 'hotspots', { analyte: 'METH' })).toBe(
      'http://127.0.0.1:8080/tiles/hotspots/{z}/{x}/{y}.pbf?analyte=METH',
    );
    expect(tileUrlTemplate(origin, 'coverage')).toBe('http://127.0.0.1:8080/tiles/coverage/{z}/{x}/{y}.pbf');
  });
});
