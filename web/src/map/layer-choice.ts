import {
  defaultLayerVisibility,
  type LayerGroupId,
  layerGroups,
  type LayerVisibility,
} from './layer-catalogue';

const storageKey = 'skywater.map.layers';

/**
 * The layers this browser last showed on the map, over the defaults: a group switched on or off
 * before comes back that way; a group added since (or anything unreadable) takes its default.
 */
export function rememberedLayerVisibility(storage: Pick<Storage, 'getItem'> | undefined): LayerVisibility {
  const visibility = defaultLayerVisibility();
  try {
    const stored: unknown = JSON.parse(storage?.getItem(storageKey) ?? 'null');
    if (!stored || typeof stored !== 'object') return visibility;
    for (const group of layerGroups) {
      const value = (stored as Partial<Record<LayerGroupId, unknown>>)[group.id];
      if (typeof value === 'boolean') visibility[group.id] = value;
    }
  } catch {
    // Storage refused or spoiled: the defaults are then the right answer.
  }
  return visibility;
}

/** Remembers the layer choice on this browser (not across browsers: it is a view, not data). */
export function rememberLayerVisibility(
  storage: Pick<Storage, 'setItem'> | undefined,
  visibility: LayerVisibility,
): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(visibility));
  } catch {
    // Not remembered across visits; the switch still applies to this page.
  }
}
