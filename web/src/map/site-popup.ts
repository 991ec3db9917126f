import type { TFunction } from 'i18next';
import type { SiteProperties } from '../api/sites-api';
import { formatNumber } from '../i18n/format-units';
import type { Language } from '../i18n/language';
import { detailsPopupContent } from './details-popup';

/** A sampling site's popup: code, kind and population served. */
export function sitePopupContent(site: Partial<SiteProperties>, t: TFunction, language: Language): HTMLElement {
  return detailsPopupContent(site.name ?? site.code ?? '', [
    [t('map.site.code'), site.code ?? '—'],
    [t('map.site.kind'), site.kind ? t(`map.siteKind.${site.kind}`) : '—'],
    [t('map.site.population'), typeof site.populationServed === 'number' ? formatNumber(site.populationServed, language, 0) : '—'],
  ]);
}
