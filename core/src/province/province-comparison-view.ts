import type { AlertSeverity } from '../alerts/alert-signal';
import type { FindingStatus } from '../survey/finding-status';
import type { Interval95 } from '../wastewater/load-uncertainty';

/**
 * The province's view (`GET /api/province/comparison`): the offices directly below one office
 * (the province's cities and counties by default) side by side for one period and one analyte,
 * and that office's own total. Each office's row counts its own data and its sub-offices'. An
 * office with no office below it (a city without districts) is compared alone: its one row.
 *
 * Wastewater figures come from treatment-plant sites only (they measure a whole catchment; venue
 * and sewer sites are for follow-up): for each office, the latest round ending within the period
 * that holds a result of the analyte at one of its plants, and the population-weighted mean over
 * that round's plants. The round may be of any campaign of the offices the reader sees or of an
 * office above the reader's (the province's default campaign holds the province-wide rounds).
 * Rules in server/src/province/province-comparison-query.ts.
 */
export interface ProvinceComparisonView {
  /** The office whose children are compared (the province unless `officeId` names another). */
  office: { id: number; code: string; nameZh: string; nameEn: string };
  /** The period asked for, `YYYY-MM-DD`, both ends included. */
  from: string;
  to: string;
  analyte: { code: string; nameZh: string; nameEn: string; provisional: boolean };
  /** One row per child office, ranked by normalised load, highest first (no data last). */
  rows: ProvinceComparisonRow[];
  /**
   * The office's own total: population-weighted means of the rows' loads and consumption
   * (weights: the population served by the plants sampled), sums of the counts and areas.
   */
  total: ProvinceComparisonFigures;
}

export interface ProvinceComparisonRow extends ProvinceComparisonFigures {
  office: { id: number; code: string; nameZh: string; nameEn: string; kind: string };
  /** 1 for the highest normalised load; null when the office has no wastewater figure. */
  rank: number | null;
}

export interface ProvinceComparisonFigures {
  /** The round the wastewater figures come from (the latest ending in the period); null: none. */
  round: { id: number; name: string; startsOn: string; endsOn: string } | null;
  /** Treatment plants sampled in that round, and the population they serve. */
  plantsSampled: number;
  populationServed: number;
  /** Population-weighted mean normalised load, mg/day/1000 inhabitants, with its 95 % interval. */
  normalisedLoadMgPerDayPer1000: number | null;
  normalisedLoadInterval95: Interval95 | null;
  /** Estimated consumption, mg/day/1000 inhabitants (normalised load × correction factor). */
  consumptionMgPerDayPer1000: number | null;
  consumptionInterval95: Interval95 | null;
  /** The same figure in the office's previous round, and the change in percent. */
  previousNormalisedLoadMgPerDayPer1000: number | null;
  changePercent: number | null;
  /** The trend over the office's rounds (`trend_rising` signal's verdict): rising, falling, flat or null. */
  trend: 'rising' | 'falling' | 'flat' | null;
  /** Open alerts (any analyte) of the office's sites, by severity. */
  openAlerts: Record<AlertSeverity, number>;
  /** Survey areas (not archived): their total area, km². */
  surveyAreaKm2: number;
  /**
   * The part of those areas covered by accepted photo footprints to date (every flight so far,
   * whatever the period: an area's headline), km². Not a figure of the period.
   */
  coveredToDateKm2: number;
  /**
   * km² flown in the period: for each local day (Asia/Shanghai) within [from, to], the km² of the
   * areas' cells its photos covered, summed over the days (ground flown again on another day
   * counts again; an effort figure, not an area).
   */
  flownInPeriodKm2: number;
  /** Findings by their current status, and the m² eradicated. */
  findings: Record<FindingStatus, number>;
  eradicatedM2: number;
}
