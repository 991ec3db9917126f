import type { EmergingHotSpotCategory } from '../stats/emerging-hot-spots';
import { detailNumber, type AlertSeverity, type AlertSignal } from './alert-signal';

/** One site's Gi* result in one round, with its emerging pattern over the rounds up to that one. */
export interface HotSpotObservation {
  readonly siteId: number;
  readonly analyteCode: string;
  readonly roundId: number;
  readonly roundIndex: number;
  /** −3..3 after FDR correction. */
  readonly bin: number;
  readonly giZ: number;
  /** The site's own value as a z-score among the sites of the analysis (same scale as Gi*'s input). */
  readonly ownZ: number;
  /** Sites within the distance band (self excluded); a site alone is an outlier, not a cluster. */
  readonly neighbourCount?: number;
  readonly emerging: EmergingHotSpotCategory;
}

const GROWING: ReadonlySet<EmergingHotSpotCategory> = new Set(['new_hot_spot', 'intensifying_hot_spot']);

/** A hot-spot site's own value must be at least this many sd above the mean to raise an alert. */
export const HOTSPOT_OWN_Z_MIN = 1;

/**
 * A hot spot worth an alert: a site whose own value is high (at least 1 sd above the mean of
 * the analysis) in a cluster of high values (Gi* bin +2 or +3 after FDR correction). A site that
 * is only "hot" because its neighbours are (the halo around a cluster) is on the map, not in the
 * alert list. A site with no neighbour in the band has Gi* = its own z: an outlier, which the
 * spike and trend rules judge, not a cluster.
 * Severity: 99 % and new or intensifying → high; 99 % otherwise, or 95 % and new → medium;
 * 95 % otherwise → low; 90 % → no alert. Condition `hotspot:<site>:<analyte>` (one live alert,
 * refreshed each round the site stays hot).
 */
export function hotspotSignal(observation: HotSpotObservation): AlertSignal | null {
  const { bin } = observation;
  if (bin < 2 || !(observation.ownZ >= HOTSPOT_OWN_Z_MIN)) return null;
  if (observation.neighbourCount === 0) return null;
  const growing = GROWING.has(observation.emerging);
  let severity: AlertSeverity;
  if (bin === 3) severity = growing ? 'high' : 'medium';
  else severity = observation.emerging === 'new_hot_spot' ? 'medium' : 'low';
  return {
    kind: 'hotspot',
    conditionKey: `hotspot:${observation.siteId}:${observation.analyteCode}`,
    siteId: observation.siteId,
    analyteCode: observation.analyteCode,
    roundId: observation.roundId,
    roundIndex: observation.roundIndex,
    severity,
    detail: {
      bin,
      confidencePct: bin === 3 ? 99 : 95,
      giZ: detailNumber(observation.giZ),
      ownZ: detailNumber(observation.ownZ),
      emerging: observation.emerging,
    },
  };
}
