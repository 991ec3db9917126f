import { useTranslation } from 'react-i18next';
import { fetchUncertaintyCatalogue } from '../api/uncertainty-api';
import { useLoadable } from '../app/use-loadable';
import { UncertaintySettingsTable } from './uncertainty-settings-table';
import './uncertainty.css';

/**
 * The components an analyte carries (analytical, in-sewer stability, excretion behind its
 * correction factor), each with its RSD and source, editable with a reason: shown under the
 * analyte's editor in the catalogue.
 */
export function UncertaintyAnalytePanel({ code, provisional }: { code: string; provisional: boolean }) {
  const { t } = useTranslation();
  const catalogue = useLoadable(fetchUncertaintyCatalogue);
  const appliesTo = `${t('uncertainty.scope.analyte')} ${code}`;
  return (
    <section className="uncertainty-panel" data-testid="uncertainty-analyte-panel">
      <h2>{t('uncertainty.analyteTitle')}</h2>
      <p className="hint">{t('uncertainty.analyteHint')}</p>
      {catalogue.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: catalogue.state.error.message })}</p>
      )}
      {catalogue.state.status === 'loaded' && (
        <UncertaintySettingsTable
          catalogue={catalogue.state.value}
          testId="uncertainty-analyte-table"
          onChanged={catalogue.reload}
          rows={(['analytical', 'stability', 'excretion'] as const).map((component) => ({
            scope: { component, scope: 'analyte', key: code },
            appliesTo,
            provisional,
          }))}
        />
      )}
    </section>
  );
}
