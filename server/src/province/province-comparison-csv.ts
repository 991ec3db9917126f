import { ALERT_SEVERITIES } from '@skywater/core/alerts/alert-signal';
import type {
  ProvinceComparisonFigures,
  ProvinceComparisonView,
} from '@skywater/core/province/province-comparison-view';
import { coveragePct } from '@skywater/core/survey/coverage/coverage-percent';
import { FINDING_STATUSES } from '@skywater/core/survey/finding-status';
import { csvLine } from '@skywater/core/wastewater/csv-cell';

/** The columns of the CSV: the JSON reply's field names (nested ones joined with a dot). */
export const PROVINCE_COMPARISON_CSV_COLUMNS = [
  'rank',
  'office.code',
  'office.nameZh',
  'office.nameEn',
  'round.name',
  'round.endsOn',
  'plantsSampled',
  'populationServed',
  'normalisedLoadMgPerDayPer1000',
  'normalisedLoadInterval95.lower95',
  'normalisedLoadInterval95.upper95',
  'consumptionMgPerDayPer1000',
  'consumptionInterval95.lower95',
  'consumptionInterval95.upper95',
  'previousNormalisedLoadMgPerDayPer1000',
  'changePercent',
  'trend',
  ...ALERT_SEVERITIES.map((s) => `openAlerts.${s}`),
  'surveyAreaKm2',
  'coveredToDateKm2',
  'coveragePct',
  'flownInPeriodKm2',
  ...FINDING_STATUSES.map((s) => `findings.${s}`),
  'eradicatedM2',
] as const;

function cells(
  figures: ProvinceComparisonFigures,
  head: { rank: number | string | null; code: string; nameZh: string; nameEn: string },
) {
  return [
    head.rank,
    head.code,
    head.nameZh,
    head.nameEn,
    figures.round?.name,
    figures.round?.endsOn,
    figures.plantsSampled,
    figures.populationServed,
    figures.normalisedLoadMgPerDayPer1000,
    figures.normalisedLoadInterval95?.lower95,
    figures.normalisedLoadInterval95?.upper95,
    figures.consumptionMgPerDayPer1000,
    figures.consumptionInterval95?.lower95,
    figures.consumptionInterval95?.upper95,
    figures.previousNormalisedLoadMgPerDayPer1000,
    figures.changePercent,
    figures.trend,
    ...ALERT_SEVERITIES.map((s) => figures.openAlerts[s]),
    figures.surveyAreaKm2,
    figures.coveredToDateKm2,
    coveragePct(figures.coveredToDateKm2, figures.surveyAreaKm2),
    figures.flownInPeriodKm2,
    ...FINDING_STATUSES.map((s) => figures.findings[s]),
    figures.eradicatedM2,
  ];
}

/**
 * The comparison table as CSV (UTF-8 with BOM for Excel and WPS, formula-safe cells): one line per
 * office in rank order, then the total (rank `total`, the compared office's names). Numbers are
 * written unrounded, exactly as in the JSON reply.
 */
export function provinceComparisonCsv(view: ProvinceComparisonView): string {
  const lines = [csvLine(PROVINCE_COMPARISON_CSV_COLUMNS)];
  for (const row of view.rows) lines.push(csvLine(cells(row, { ...row.office, rank: row.rank })));
  lines.push(csvLine(cells(view.total, { ...view.office, rank: 'total' })));
  return `\uFEFF${lines.join('')}`;
}
