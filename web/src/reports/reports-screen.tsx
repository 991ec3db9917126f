import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAreas } from '../api/areas-api';
import { bulletinHtmlUrl, bulletinPdfUrl } from '../api/reports-api';
import { fetchRounds } from '../api/rounds-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { ProvinceBulletinForm } from './province-bulletin-form';
import { areaForRound, defaultBulletinChoice } from './bulletin-choice';

/**
 * Reports: pick a round and an area, preview the bulletin as the server prints it, download the
 * PDF; and the province bulletin of a period (the offices below compared, then each one's round).
 */
export default function ReportsScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const rounds = useLoadable(fetchRounds);
  const areas = useLoadable(fetchAreas);
  const [roundId, setRoundId] = useState('');
  const [areaId, setAreaId] = useState('');
  const [previewStatus, setPreviewStatus] = useState<'none' | 'loading' | 'loaded' | 'missing'>('none');
  const [html, setHtml] = useState('');

  // The latest round of an office with an area, and that office's area, once both lists are in.
  useEffect(() => {
    if (roundId || rounds.state.status !== 'loaded' || areas.state.status !== 'loaded') return;
    const { round, area } = defaultBulletinChoice(rounds.state.value, areas.state.value);
    if (round) setRoundId(String(round.id));
    if (area) setAreaId(String(area.id));
  }, [rounds.state, areas.state, roundId]);

  // Another round: its own office's area, not one where none of its sites lies.
  const chooseRound = (nextRoundId: string) => {
    setRoundId(nextRoundId);
    const round = loadedOr(rounds.state, []).find((candidate) => String(candidate.id) === nextRoundId);
    const area = round
      ? areaForRound(round, loadedOr(areas.state, []), areaId ? Number(areaId) : null)
      : null;
    if (area) setAreaId(String(area.id));
  };

  const query = roundId && areaId ? { roundId, areaId, lang: language } : null;
  const htmlUrl = query ? bulletinHtmlUrl(query) : null;

  // The server forbids framing its pages (CSP frame-ancestors 'none'), so the bulletin is read
  // here and shown through `srcdoc`; a missing bulletin shows a sentence, not a JSON error page.
  useEffect(() => {
    if (!htmlUrl) return;
    const controller = new AbortController();
    setPreviewStatus('loading');
    fetch(htmlUrl, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok || !(response.headers.get('Content-Type') ?? '').includes('html')) {
          setPreviewStatus('missing');
          return;
        }
        setHtml(await response.text());
        setPreviewStatus('loaded');
      })
      .catch(() => !controller.signal.aborted && setPreviewStatus('missing'));
    return () => controller.abort();
  }, [htmlUrl]);

  return (
    <div className="page reports-screen">
      <h1>{t('reports.title')}</h1>
      <p className="page__intro">{t('reports.intro')}</p>
      <ProvinceBulletinForm />
      <h2>{t('reports.roundTitle')}</h2>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('reports.round')}
          <select value={roundId} onChange={(event) => chooseRound(event.target.value)}>
            {loadedOr(rounds.state, []).map((round) => (
              <option key={round.id} value={String(round.id)}>
                {round.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.area')}
          <select value={areaId} onChange={(event) => setAreaId(event.target.value)}>
            {loadedOr(areas.state, []).map((area) => (
              <option key={area.id} value={String(area.id)}>
                {area.name}
              </option>
            ))}
          </select>
        </label>
        {query && (
          <a
            className="button button--primary"
            href={bulletinPdfUrl(query)}
            download
            data-testid="bulletin-pdf"
          >
            {t('reports.downloadPdf')}
          </a>
        )}
        {htmlUrl && (
          <a className="button button--quiet" href={htmlUrl} target="_blank" rel="noopener">
            {t('reports.openHtml')}
          </a>
        )}
      </form>
      {previewStatus === 'loading' && <p className="screen-loading">{t('common.loading')}</p>}
      {previewStatus === 'missing' && (
        <p className="page-note" role="status">
          {t('reports.notAvailable')}
        </p>
      )}
      {/* No scripts run in the preview; same origin so its images load with the session. */}
      {previewStatus === 'loaded' && (
        <iframe
          className="bulletin-preview"
          title={t('reports.previewTitle')}
          srcDoc={html}
          sandbox="allow-same-origin"
          data-testid="bulletin-preview"
        />
      )}
    </div>
  );
}
