import type { ExpressionSpecification, FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import {
  basemapLayerPrefix,
  basemapSourceId,
  labelLanguageState,
  labelName,
  labelNameOf,
} from '../basemap/basemap-layers';
import type { LabelBox } from './label-collision';

/** A basemap name where MapLibre would draw it: its text, the point it is centred on (CSS px). */
export interface PlacedName {
  name: string;
  x: number;
  y: number;
}

/** Rough size of a basemap name's box: its characters at the largest label size, plus its halo. */
const nameFontPx = 15;
const haloPx = 3;

/**
 * The basemap names that would be drawn under one of the HTML labels (`boxes`, survey-area labels):
 * a name's box is its characters side by side at `nameFontPx`, centred on its point. MapLibre's own
 * collision sees its symbols only, never the HTML markers above the canvas.
 * @example namesUnderLabels([{ name: '东方市', x: 100, y: 100 }], [{ left: 60, top: 90, right: 200, bottom: 120 }]) // ['东方市']
 */
export function namesUnderLabels(names: readonly PlacedName[], boxes: readonly LabelBox[]): string[] {
  const hidden = new Set<string>();
  for (const { name, x, y } of names) {
    const halfWidth = ([...name].length * nameFontPx) / 2 + haloPx;
    const halfHeight = nameFontPx / 2 + haloPx;
    const overlaps = boxes.some(
      (box) =>
        x - halfWidth < box.right &&
        x + halfWidth > box.left &&
        y - halfHeight < box.bottom &&
        y + halfHeight > box.top,
    );
    if (overlaps) hidden.add(name);
  }
  return [...hidden].sort();
}

/** Each basemap name layer's own filter, before any name was hidden (per map, per layer id). */
const ownFilters = new WeakMap<MapLibreMap, Map<string, FilterSpecification | null>>();

/**
 * Hides the basemap's names that sit under a shown survey-area label (the area label names the
 * place already), by a filter on each of the pack's symbol layers; shows them again once the
 * label has moved off. Call after the HTML labels' own collision (`hideCollidingLabels`).
 */
export function hideBasemapNamesUnderLabels(map: MapLibreMap): void {
  if (!map.getSource(basemapSourceId)) return;
  const style = map.getStyle();
  const nameLayers = style.layers.filter(
    (layer) => layer.type === 'symbol' && layer.id.startsWith(basemapLayerPrefix),
  ) as { id: string; 'source-layer'?: string }[];
  if (nameLayers.length === 0) return;
  const container = map.getContainer();
  const origin = container.getBoundingClientRect();
  const boxes: LabelBox[] = Array.from(
    container.querySelectorAll<HTMLElement>('.map-label--area:not(.map-label--collided)'),
  )
    .filter((label) => getComputedStyle(label).display !== 'none')
    .map((label) => {
      const rect = label.getBoundingClientRect();
      return {
        left: rect.left - origin.left,
        top: rect.top - origin.top,
        right: rect.right - origin.left,
        bottom: rect.bottom - origin.top,
      };
    });
  const filters = ownFilters.get(map) ?? new Map<string, FilterSpecification | null>();
  ownFilters.set(map, filters);
  // The names as the labels show them: in the language the map's style reads (useBaseLayerOnMap).
  const language = map.getGlobalState()[labelLanguageState] === 'en' ? 'en' : 'zh-CN';
  for (const layer of nameLayers) {
    // A layer added again (another pack chosen, then this one) starts from its own filter again.
    if (!filters.has(layer.id) || !isOurs(map.getFilter(layer.id)))
      filters.set(layer.id, (map.getFilter(layer.id) as FilterSpecification | undefined) ?? null);
    const placed: PlacedName[] = [];
    for (const feature of map.querySourceFeatures(basemapSourceId, { sourceLayer: layer['source-layer'] })) {
      const name = labelNameOf(feature.properties, language);
      if (!name || feature.geometry.type !== 'Point') continue;
      const point = map.project(feature.geometry.coordinates as [number, number]);
      placed.push({ name, x: point.x, y: point.y });
    }
    const hidden = namesUnderLabels(placed, boxes);
    const own = filters.get(layer.id) ?? null;
    const next: FilterSpecification | null =
      hidden.length === 0
        ? own
        : ([
            'all',
            ...(own ? [own] : []),
            ['!', ['in', labelName, ['literal', hidden]]],
            hiddenMarker,
          ] as unknown as FilterSpecification);
    if (JSON.stringify(next) !== JSON.stringify(map.getFilter(layer.id) ?? null))
      map.setFilter(layer.id, next);
  }
}

/** Marks a filter set here (always true), so a layer's own filter is told apart from ours. */
const hiddenMarker: ExpressionSpecification = ['to-boolean', 'hidden-under-area-labels'];

function isOurs(filter: unknown): boolean {
  return JSON.stringify(filter ?? null).includes('hidden-under-area-labels');
}
