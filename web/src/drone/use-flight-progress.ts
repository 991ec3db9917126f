import { useEffect, useState } from 'react';
import { flightStreamPath, type FlightProgressReply, type FlightSummary } from '../api/flights-api';

/**
 * The workers' progress on a flight and its area's coverage, pushed by the server's stream
 * (`GET /api/flights/:id/stream`, a `progress` event on each change) while `follow` holds. The
 * browser reconnects a dropped stream by itself; the server sends the current figures on each
 * connection. The last figures stay when following stops.
 */
export function useFlightProgress(
  flightId: FlightSummary['id'] | null,
  follow: boolean,
): FlightProgressReply | null {
  const [progress, setProgress] = useState<FlightProgressReply | null>(null);

  useEffect(() => {
    if (flightId === null || !follow || typeof EventSource === 'undefined') return;
    const source = new EventSource(flightStreamPath(flightId), { withCredentials: true });
    source.addEventListener('progress', (event) => {
      const reply = JSON.parse((event as MessageEvent<string>).data) as FlightProgressReply;
      if (reply.flightId === flightId) setProgress(reply);
    });
    return () => source.close();
  }, [flightId, follow]);

  return progress !== null && progress.flightId === flightId ? progress : null;
}
