import { useEffect } from 'react';
import { fetchFlightImages, type FlightSummary } from '../api/flights-api';

/**
 * Once a flight is finished, every photo's QC flags in one request (the flight's photo list),
 * handed to `addQcFlags` by image id.
 */
export function useFinishedFlightFlags(
  flightId: FlightSummary['id'] | null,
  finished: boolean,
  addQcFlags: (flagsById: ReadonlyMap<string, string[]>) => void,
): void {
  useEffect(() => {
    if (flightId === null || !finished) return;
    const controller = new AbortController();
    fetchFlightImages(flightId, controller.signal).then(
      (images) => addQcFlags(new Map(images.map((image) => [String(image.id), image.qcFlags ?? []]))),
      () => undefined,
    );
    return () => controller.abort();
  }, [flightId, finished, addQcFlags]);
}
