import type { AlertLoad, AlertLoadField } from '@skywater/core/alerts/alert-view';
import type { Queryable } from '@skywater/core/db/db';
import { AppError } from '@skywater/core/errors/app-error';
import type { SeriesPoint } from '@skywater/core/wastewater/site-series';
import { siteSeries } from '../wastewater/site-series-query';

interface AlertKey {
  siteId: number | null;
  analyte: string | null;
  roundId: number | null;
}

/**
 * The round's point at the site: the last of the round's points, as the drawer's marker takes
 * it. Its normalised load when it has one, else its load; null without either (a result below
 * the LOQ with no flow, a concentration-only site).
 */
export function loadOfRound(points: readonly SeriesPoint[], roundId: number): AlertLoad | null {
  const point = points.findLast((p) => p.roundId === roundId);
  if (!point) return null;
  const pick = (field: AlertLoadField, lower: number | null, upper: number | null): AlertLoad | null => {
    const value = point[field];
    return value === null || !Number.isFinite(value)
      ? null
      : { field, value, lower95: lower, upper95: upper, measurementId: point.measurementId };
  };
  return (
    pick(
      'normalisedLoadMgPerDayPer1000',
      point.normalisedLoadMgPerDayPer1000Lower95,
      point.normalisedLoadMgPerDayPer1000Upper95,
    ) ?? pick('loadMgPerDay', point.loadMgPerDayLower95, point.loadMgPerDayUpper95)
  );
}

/**
 * Each alert with `load` (see AlertLoad), or `load: null` when the alert has no site, analyte
 * or round, or its analyte is not one of the catalogue's (an AMP/METH ratio). One series is
 * read per site × analyte, however many alerts share it. Alert readers see restricted sites.
 */
export async function withAlertLoads<T extends AlertKey>(
  db: Queryable,
  alerts: readonly T[],
): Promise<(T & { load: AlertLoad | null })[]> {
  const series = new Map<string, SeriesPoint[] | null>();
  for (const alert of alerts) {
    if (alert.siteId === null || alert.analyte === null || alert.roundId === null) continue;
    const key = `${alert.siteId}|${alert.analyte}`;
    if (series.has(key)) continue;
    try {
      series.set(key, (await siteSeries(db, alert.siteId, alert.analyte, true)).points);
    } catch (error) {
      // An unknown analyte (a ratio's pseudo-code) or a site removed since: no load, not a 4xx.
      if (error instanceof AppError && error.status < 500) series.set(key, null);
      else throw error;
    }
  }
  return alerts.map((alert) => {
    const points =
      alert.siteId !== null && alert.analyte !== null ? series.get(`${alert.siteId}|${alert.analyte}`) : null;
    return {
      ...alert,
      load: points && alert.roundId !== null ? loadOfRound(points, Number(alert.roundId)) : null,
    };
  });
}
