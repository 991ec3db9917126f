import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchRounds, type Round } from '../api/rounds-api';
import { useLoadable } from '../app/use-loadable';
import { formatDate } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { RoundForm } from './round-form';

/** Sampling rounds: the list (newest first) and a form to create the next one. */
export default function RoundsScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const rounds = useLoadable(fetchRounds);
  const [created, setCreated] = useState<Round | null>(null);
  return (
    <div className="page rounds-screen">
      <h1>{t('rounds.title')}</h1>
      <p className="page__intro">{t('rounds.intro')}</p>
      <section aria-labelledby="round-new">
        <h2 id="round-new">{t('rounds.new')}</h2>
        <RoundForm
          onCreated={(round) => {
            setCreated(round);
            rounds.reload();
          }}
        />
        {created && (
          <p className="form-done" role="status">
            {t('rounds.created', { name: created.name })}
          </p>
        )}
      </section>
      <section aria-labelledby="round-list">
        <h2 id="round-list">{t('rounds.list')}</h2>
        {rounds.state.status === 'failed' && (
          <p className="page-problem">{t('common.failed', { message: rounds.state.error.message })}</p>
        )}
        {rounds.state.status === 'loaded' && (
          <table className="data-table" data-testid="rounds-table">
            <thead>
              <tr>
                <th scope="col">{t('rounds.name')}</th>
                <th scope="col">{t('rounds.startsOn')}</th>
                <th scope="col">{t('rounds.endsOn')}</th>
              </tr>
            </thead>
            <tbody>
              {[...rounds.state.value].reverse().map((round) => (
                <tr key={round.id} className={round.id === created?.id ? 'row--selected' : undefined}>
                  <th scope="row">{round.name}</th>
                  <td>{formatDate(round.startsOn, language)}</td>
                  <td>{formatDate(round.endsOn, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
