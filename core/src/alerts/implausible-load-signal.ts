import { isLoadImplausible } from '../wastewater/load-plausibility';
import { detailNumber, type AlertSignal } from './alert-signal';

/** One quantified result with its back-calculated figures. */
export interface LoadPoint {
  readonly roundId: number;
  readonly roundIndex: number;
  readonly normalisedLoadMgPerDayPer1000: number | null;
  readonly consumptionMgPerDayPer1000: number | null;
  readonly flowM3PerDay: number | null;
  readonly population: number | null;
}

/**
 * A load impossible for the population served (ceilings in wastewater/load-plausibility.ts, ten
 * times the highest published figures): a unit slip, a wrong flow or population, or dumping.
 * Always high: the figure is either wrong in the database or an event to act on.
 * Condition `implausible_load:<site>:<analyte>`.
 */
export function implausibleLoadSignal(
  siteId: number,
  analyteCode: string,
  point: LoadPoint,
): AlertSignal | null {
  const judged = isLoadImplausible({
    analyteCode,
    normalisedLoadMgPerDayPer1000: point.normalisedLoadMgPerDayPer1000,
    consumptionMgPerDayPer1000: point.consumptionMgPerDayPer1000,
  });
  if (!judged.implausible) return null;
  return {
    kind: 'implausible_load',
    conditionKey: `implausible_load:${siteId}:${analyteCode}`,
    siteId,
    analyteCode,
    roundId: point.roundId,
    roundIndex: point.roundIndex,
    severity: 'high',
    detail: {
      basis: judged.basis,
      ceilingMgPerDayPer1000: judged.ceilingMgPerDayPer1000,
      normalisedLoadMgPerDayPer1000: detailNumber(point.normalisedLoadMgPerDayPer1000),
      consumptionMgPerDayPer1000: detailNumber(point.consumptionMgPerDayPer1000),
      flowM3PerDay: point.flowM3PerDay,
      population: point.population,
    },
  };
}
