import { useCallback, useState } from 'react';

export interface LocateMe {
  /** [lon, lat] of the last fix, and its accuracy radius in metres. */
  position: { lonLat: [number, number]; accuracyM: number } | null;
  busy: boolean;
  /** The browser's reason when the fix failed (permission denied, no signal, timeout). */
  problem: 'denied' | 'unavailable' | 'unsupported' | null;
  locate: () => Promise<[number, number] | null>;
}

/**
 * The phone's position from `navigator.geolocation` (GPS on a phone), asked for on a tap only:
 * a high-accuracy fix, no cached one older than 30 s, given up after 20 s.
 */
export function useLocateMe(): LocateMe {
  const [position, setPosition] = useState<LocateMe['position']>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<LocateMe['problem']>(null);
  const locate = useCallback(async () => {
    if (!('geolocation' in navigator)) {
      setProblem('unsupported');
      return null;
    }
    setBusy(true);
    setProblem(null);
    try {
      const fix = await new Promise<GeolocationPosition>((resolve, reject) =>
        navigator.geolocation.getCurrentPosition(resolve, reject, {
          enableHighAccuracy: true,
          maximumAge: 30_000,
          timeout: 20_000,
        }),
      );
      const lonLat: [number, number] = [fix.coords.longitude, fix.coords.latitude];
      setPosition({ lonLat, accuracyM: fix.coords.accuracy });
      return lonLat;
    } catch (error) {
      setProblem((error as GeolocationPositionError).code === 1 ? 'denied' : 'unavailable');
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { position, busy, problem, locate };
}
