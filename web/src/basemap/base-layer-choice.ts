import type { BasemapPack } from '../api/basemaps-api';

const storageKey = 'skywater.map.baseLayer';

/** The base layer shown: an installed pack by name, or `null` for the district outlines alone. */
export type BaseLayerChoice = string | null;

/**
 * The base layer to show among the installed `packs`: the one this browser chose last if it is
 * still installed ("outlines" included), else the first vector pack (context to read the map by),
 * else the first pack, else the outlines (nothing installed).
 */
export function chosenBaseLayer(
  storage: Pick<Storage, 'getItem'> | undefined,
  packs: readonly BasemapPack[],
): BaseLayerChoice {
  let remembered: unknown;
  try {
    remembered = JSON.parse(storage?.getItem(storageKey) ?? 'undefined');
  } catch {
    remembered = undefined;
  }
  if (remembered === null) return null;
  if (typeof remembered === 'string' && packs.some((pack) => pack.name === remembered)) return remembered;
  return (packs.find((pack) => pack.kind === 'vector') ?? packs[0])?.name ?? null;
}

/** Remembers the base layer on this browser (a view, not data: not across browsers). */
export function rememberBaseLayer(storage: Pick<Storage, 'setItem'> | undefined, choice: BaseLayerChoice): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(choice));
  } catch {
    // Not remembered across visits; the choice still applies to this page.
  }
}
