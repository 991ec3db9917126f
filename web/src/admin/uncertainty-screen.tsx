import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSites } from '../api/sites-api';
import { fetchUncertaintyCatalogue, type SettingScope } from '../api/uncertainty-api';
import { useLoadable } from '../app/use-loadable';
import { type SettingRow, UncertaintySettingsTable, useScopeText } from './uncertainty-settings-table';
import './uncertainty.css';

/** The general settings: every component's default (sampling by collection type, excretion by factor status). */
const GENERAL: readonly SettingScope[] = [
  { component: 'analytical', scope: 'default', key: '' },
  { component: 'flow', scope: 'default', key: '' },
  { component: 'population', scope: 'default', key: '' },
  { component: 'stability', scope: 'default', key: '' },
  { component: 'excretion', scope: 'factor', key: 'established' },
  { component: 'excretion', scope: 'factor', key: 'provisional' },
];

/**
 * The uncertainty components behind every interval: the general defaults, the sampling RSD of
 * each collection type, and a site's flow and population; an analyte's own components are set in
 * the analyte catalogue. Every change with a source and a reason, kept in its history.
 */
export default function UncertaintyScreen() {
  const { t } = useTranslation();
  const scopeText = useScopeText();
  const siteInputId = useId();
  const catalogue = useLoadable(fetchUncertaintyCatalogue);
  const sites = useLoadable((signal) => fetchSites({ signal }));
  const [siteId, setSiteId] = useState('');
  const siteList = sites.state.status === 'loaded' ? sites.state.value.features : [];
  const site = siteList.find((feature) => String(feature.properties.id) === siteId);
  const rowsOf = (scopes: readonly SettingScope[]): SettingRow[] =>
    scopes.map((scope) => ({ scope, appliesTo: scopeText(scope) }));

  return (
    <div className="page uncertainty-screen">
      <h1>{t('uncertainty.title')}</h1>
      <p className="page__intro">{t('uncertainty.intro')}</p>
      {catalogue.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: catalogue.state.error.message })}</p>
      )}
      {catalogue.state.status === 'loaded' && (
        <>
          <h2>{t('uncertainty.general')}</h2>
          <UncertaintySettingsTable
            catalogue={catalogue.state.value}
            rows={rowsOf(GENERAL)}
            onChanged={catalogue.reload}
            testId="uncertainty-general"
          />
          <p className="hint">{t('uncertainty.analyteElsewhere')}</p>
          <h2>{t('uncertainty.sampling')}</h2>
          <UncertaintySettingsTable
            catalogue={catalogue.state.value}
            rows={rowsOf(
              catalogue.state.value.collectionTypes.map((key) => ({
                component: 'sampling' as const,
                scope: 'collection_type' as const,
                key,
              })),
            )}
            onChanged={catalogue.reload}
            testId="uncertainty-sampling"
          />
          <h2>{t('uncertainty.sites')}</h2>
          <label htmlFor={siteInputId} className="uncertainty-screen__site">
            {t('uncertainty.site')}
            <select
              id={siteInputId}
              name="site"
              value={siteId}
              onChange={(event) => setSiteId(event.target.value)}
            >
              <option value="">{t('uncertainty.chooseSite')}</option>
              {siteList.map((feature) => (
                <option key={feature.properties.id} value={String(feature.properties.id)}>
                  {feature.properties.code} · {feature.properties.name}
                </option>
              ))}
            </select>
          </label>
          {site && (
            <UncertaintySettingsTable
              catalogue={catalogue.state.value}
              rows={(['flow', 'population'] as const).map((component) => ({
                scope: { component, scope: 'site', key: String(site.properties.id) },
                appliesTo: `${site.properties.code} · ${site.properties.name}`,
              }))}
              onChanged={catalogue.reload}
              testId="uncertainty-site"
            />
          )}
        </>
      )}
    </div>
  );
}
