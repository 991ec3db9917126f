import type { TFunction } from 'i18next';
import type { SiteProperties } from '../api/sites-api';
import { formatNumber } from '../i18n/format-units';
import type { Language } from '../i18n/language';

/**
 * The content of a sampling site's popup, built as DOM nodes (text only, never HTML, so a
 * site name cannot inject markup).
 */
export function sitePopupContent(site: Partial<SiteProperties>, t: TFunction, language: Language): HTMLElement {
  const container = document.createElement('div');
  container.className = 'site-popup';
  const title = document.createElement('h3');
  title.textContent = site.name ?? site.code ?? '';
  container.appendChild(title);
  const details = document.createElement('dl');
  const rows: Array<[string, string]> = [
    [t('map.site.code'), site.code ?? '—'],
    [t('map.site.kind'), site.kind ? t(`map.siteKind.${site.kind}`) : '—'],
    [t('map.site.population'), typeof site.populationServed === 'number' ? formatNumber(site.populationServed, language, 0) : '—'],
  ];
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    details.append(dt, dd);
  }
  container.appendChild(details);
  return container;
}
