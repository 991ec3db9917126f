import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BasemapPack, fetchBasemaps, installBasemap, removeBasemap } from '../api/basemaps-api';
import { uploadFraction, type UploadProgress } from '../api/upload-with-progress';
import { useLoadable } from '../app/use-loadable';
import { formatBytes, formatDateTime } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { useFormSubmit } from '../layout/use-form-submit';
import { FileDropZone } from '../layout/file-drop-zone';

const loadPacks = (signal: AbortSignal) => fetchBasemaps(signal);

/** `108.30–111.30° E, 17.90–20.30° N`. */
function boundsText([west, south, east, north]: BasemapPack['bounds']): string {
  return `${west.toFixed(2)}–${east.toFixed(2)}° E, ${south.toFixed(2)}–${north.toFixed(2)}° N`;
}

/**
 * Basemap packs (admin): the installed packs, a new one from a .pmtiles or .mbtiles file (streamed with
 * progress; the server checks it and keeps nothing it refuses), and removal.
 */
export default function BasemapsScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const packs = useLoadable(loadPacks);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [installed, setInstalled] = useState<string | null>(null);
  // Installing and removing share one gate: one request at a time, its refusal kept to show.
  const form = useFormSubmit();
  const busy = form.pending;
  const refusal = form.refusal;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clearRefusal();
    setInstalled(null);
    if (!file) {
      setProblem(t('basemap.fileRequired'));
      return;
    }
    setProblem(null);
    const outcome = await form.send(() => installBasemap(file, name, { onProgress: setProgress }));
    setProgress(null);
    if (!outcome.sent) return;
    setInstalled(outcome.value.title);
    setFile(null);
    setName('');
    packs.reload();
  };

  const remove = async (pack: BasemapPack) => {
    if (!window.confirm(t('basemap.confirmRemove', { title: pack.title }))) return;
    const outcome = await form.send(() => removeBasemap(pack.name));
    if (outcome.sent) packs.reload();
  };

  return (
    <div className="page basemaps-screen">
      <h1>{t('basemap.title')}</h1>
      <p className="page__intro">{t('basemap.intro')}</p>
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('basemap.installed')}</h2>
        {packs.state.status === 'loading' && <p>{t('basemap.loading')}</p>}
        {packs.state.status === 'failed' && <ApiProblem error={packs.state.error} />}
        {packs.state.status === 'loaded' && packs.state.value.length === 0 && (
          <p>{t('basemap.noneInstalled')}</p>
        )}
        {packs.state.status === 'loaded' && packs.state.value.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="basemap-table">
              <thead>
                <tr>
                  <th scope="col">{t('basemap.column.title')}</th>
                  <th scope="col">{t('basemap.column.kind')}</th>
                  <th scope="col">{t('basemap.column.zooms')}</th>
                  <th scope="col">{t('basemap.column.bounds')}</th>
                  <th scope="col">{t('basemap.column.attribution')}</th>
                  <th scope="col">{t('basemap.column.size')}</th>
                  <th scope="col">{t('basemap.column.installedAt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('basemap.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {packs.state.value.map((pack) => (
                  <tr key={pack.name}>
                    <td>
                      {pack.title}
                      <br />
                      <code>{pack.name}</code>
                    </td>
                    <td>
                      {t(pack.kind === 'vector' ? 'basemap.kind.vector' : 'basemap.kind.raster')} ·{' '}
                      {pack.tileType.toUpperCase()}
                    </td>
                    <td>
                      {pack.minZoom}–{pack.maxZoom}
                    </td>
                    <td>{boundsText(pack.bounds)}</td>
                    <td>{pack.attribution}</td>
                    <td>{formatBytes(pack.sizeBytes, language)}</td>
                    <td>{formatDateTime(pack.installedAt)}</td>
                    <td>
                      <button type="button" className="button-secondary" onClick={() => void remove(pack)}>
                        {t('basemap.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('basemap.install')}</h2>
        <p>{t('basemap.howToMake')}</p>
        <form noValidate onSubmit={(event) => void submit(event)} data-testid="basemap-form">
          <FileDropZone
            prompt={t('basemap.dropPrompt')}
            buttonLabel={t('basemap.chooseFile')}
            accept=".pmtiles,.mbtiles,application/vnd.pmtiles"
            onFiles={(files) => setFile(files[0] ?? null)}
            disabled={busy}
            testId="basemap-file-input"
          />
          {file && (
            <p>
              {file.name} · {formatBytes(file.size, language)}
            </p>
          )}
          {problem && <p className="field-problem">{problem}</p>}
          <div className="form-grid">
            <label htmlFor={`${id}-name`}>
              {t('basemap.name')}
              <input
                id={`${id}-name`}
                name="name"
                value={name}
                maxLength={64}
                placeholder="hainan-osm"
                onChange={(event) => setName(event.target.value)}
              />
              <span className="field-hint">{t('basemap.nameHint')}</span>
            </label>
          </div>
          <button type="submit" disabled={busy}>
            {busy ? t('basemap.installing') : t('basemap.installButton')}
          </button>
          {progress && (
            <progress value={uploadFraction(progress)} max={1} aria-label={t('basemap.installing')} />
          )}
        </form>
        {installed && (
          <p role="status" className="form-success">
            {t('basemap.installedDone', { title: installed })}
          </p>
        )}
        {refusal !== null && <ApiProblem error={refusal} />}
      </section>
    </div>
  );
}
