import type { TFunction } from 'i18next';
import { formatCoveredOfTotalKm2, formatPercent } from '../i18n/format-units';
import type { Language } from '../i18n/language';
import type { AreaFeatureProperties } from './area-features';
import { detailsPopupContent } from './details-popup';

/** A survey area's popup: its city, covered km² against the total, and the coverage. */
export function areaPopupContent(
  area: Partial<AreaFeatureProperties>,
  t: TFunction,
  language: Language,
): HTMLElement {
  const hasFigures = typeof area.coveredKm2 === 'number' && typeof area.areaKm2 === 'number';
  return detailsPopupContent(area.name ?? '', [
    [t('coverage.city'), area.city ?? '—'],
    [
      t('coverage.covered'),
      hasFigures ? formatCoveredOfTotalKm2(area.coveredKm2 as number, area.areaKm2 as number, language) : '—',
    ],
    [
      t('coverage.pct'),
      typeof area.coveragePct === 'number' ? formatPercent(area.coveragePct, language) : '—',
    ],
  ]);
}
