import type { Qualifier } from '../api/measurements-api';
import { formatConcentrationNgL } from '../i18n/format-units';

/**
 * A result as a reader writes it: "12.5 ng/L", "<LOQ (5 ng/L)", "ND". A below-LOQ result shows
 * its LOQ: when a correction changes only the limit, that limit is what changed.
 * @example qualifiedValue('<LOQ', null, 5, 'en') // "<LOQ (5 ng/L)"
 */
export function qualifiedValue(
  qualifier: Qualifier,
  valueNgL: number | null,
  loqNgL: number | null,
  language: 'zh-CN' | 'en',
): string {
  if (qualifier === '=' && valueNgL !== null) return formatConcentrationNgL(valueNgL, language);
  if (qualifier === '<LOQ' && loqNgL !== null) return `<LOQ (${formatConcentrationNgL(loqNgL, language)})`;
  return valueNgL === null ? qualifier : `${qualifier} ${formatConcentrationNgL(valueNgL, language)}`;
}
