import type { Position } from 'geojson';
import { useMemo } from 'react';
import { fetchGapParts } from '../api/areas-api';
import { useLoadable } from '../app/use-loadable';
import type { Loadable } from './use-survey-areas';
import { type GapPart, gapPartKm, gapParts } from './gap-parts';

export interface GapPartsOfArea {
  /** The server's reply, loading or failed. */
  state: Loadable<unknown>;
  /** Largest first, or nearest the take-off point first once one is chosen. */
  parts: GapPart[];
}

/**
 * An area's gaps as parts a team can fly (squares of `gapPartKm` km), the biggest first, or the
 * nearest `takeOff` first with each part's distance from it. The coverage screen and the survey
 * map read the same list.
 */
export function useGapParts(areaId: string, takeOff: Position | null): GapPartsOfArea {
  const gaps = useLoadable(
    (signal) => (areaId ? fetchGapParts(Number(areaId), gapPartKm, signal) : Promise.resolve(null)),
    areaId,
  );
  const parts = useMemo(
    () => (gaps.state.status === 'loaded' && gaps.state.value ? gapParts(gaps.state.value, takeOff) : []),
    [gaps.state, takeOff],
  );
  return { state: gaps.state, parts };
}
