import type { Alert, AlertLoad } from '../api/alerts-api';

/** One site's alerts folded into one inbox row. */
export interface SiteGroup {
  /** The site's id, or `none` for alerts without a site. */
  key: string;
  siteCode: string | null;
  siteLabel: string;
  /** In the order given (the API's: most severe, then newest), so the first is the most severe. */
  alerts: Alert[];
  /** Each kind with how many of the site's alerts have it, most frequent first. */
  kinds: [string, number][];
  /** When the latest of the alerts' samples was taken (ISO), or null. */
  latestSample: string | null;
}

const severityRank: Record<string, number> = { high: 3, medium: 2, low: 1 };

/**
 * The alerts folded per site, the site with the most severe alert first (then the one with more
 * alerts), each site's alerts kept in the order given.
 * @example groupAlertsBySite([a high at 1, b medium at 2, c medium at 1], name) // sites 1 (a, c), 2 (b)
 */
export function groupAlertsBySite(
  alerts: readonly Alert[],
  siteLabel: (alert: Alert) => string,
): SiteGroup[] {
  const groups = new Map<string, SiteGroup>();
  for (const alert of alerts) {
    const key = alert.siteId === null ? 'none' : String(alert.siteId);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        siteCode: alert.siteCode ?? null,
        siteLabel: siteLabel(alert),
        alerts: [],
        kinds: [],
        latestSample: null,
      };
      groups.set(key, group);
    }
    group.alerts.push(alert);
    const sampled = alert.sampleCollectedEnd ?? alert.sampleCollectedStart ?? null;
    if (sampled && (!group.latestSample || Date.parse(sampled) > Date.parse(group.latestSample)))
      group.latestSample = sampled;
  }
  const rank = (group: SiteGroup) =>
    Math.max(...group.alerts.map((alert) => severityRank[alert.severity] ?? 0));
  for (const group of groups.values()) {
    const counts = new Map<string, number>();
    for (const alert of group.alerts) counts.set(alert.kind, (counts.get(alert.kind) ?? 0) + 1);
    group.kinds = [...counts].sort((a, b) => b[1] - a[1]);
  }
  return [...groups.values()].sort((a, b) => rank(b) - rank(a) || b.alerts.length - a.alerts.length);
}

/**
 * The different loads a site's folded alerts point at (one per measurement), the most severe
 * alert's first: a site row shows the same figure its alert rows show.
 */
export function distinctLoads(group: Pick<SiteGroup, 'alerts'>): AlertLoad[] {
  const byMeasurement = new Map<number, AlertLoad>();
  for (const alert of group.alerts)
    if (alert.load && !byMeasurement.has(alert.load.measurementId))
      byMeasurement.set(alert.load.measurementId, alert.load);
  return [...byMeasurement.values()];
}
