import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDems, uploadDem } from '../api/terrain-api';
import { type UploadProgress, uploadFraction } from '../api/upload-with-progress';
import { useLoadable } from '../app/use-loadable';
import { formatBytes, formatDateTime, formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { useFormSubmit } from '../layout/use-form-submit';
import { FileDropZone } from '../layout/file-drop-zone';
import { ProgressBar } from '../layout/progress-bar';

/**
 * Terrain (admins): the DEMs loaded (extent, resolution, CRS, size; finest first, the order in
 * which one is chosen under a photo) and an upload of a GeoTIFF. Photos processed afterwards use
 * it; an area's photos already processed are processed again from the coverage screen.
 */
export default function TerrainScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const dems = useLoadable(fetchDems);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const form = useFormSubmit();
  const busy = form.pending;
  const refusal = form.refusal;
  const [loaded, setLoaded] = useState<string | null>(null);
  const degrees = (value: number) => formatNumber(value, language, 4);

  const upload = async (files: File[]) => {
    const file = files[0];
    if (!file) return;
    setLoaded(null);
    setProgress(null);
    const outcome = await form.send(() => uploadDem(file, { onProgress: setProgress }));
    if (!outcome.sent) return;
    setLoaded(outcome.value.name);
    dems.reload();
  };

  return (
    <div className="page terrain-screen">
      <h1>{t('terrain.title')}</h1>
      <p className="page__intro">{t('terrain.intro')}</p>
      <section aria-labelledby="terrain-upload">
        <h2 id="terrain-upload">{t('terrain.upload')}</h2>
        <FileDropZone
          prompt={t('terrain.dropPrompt')}
          buttonLabel={t('terrain.chooseFile')}
          accept=".tif,.tiff,image/tiff"
          disabled={busy}
          onFiles={(files) => void upload(files)}
          testId="dem-file-input"
        />
        {busy && <ProgressBar label={t('terrain.uploading')} fraction={uploadFraction(progress)} />}
        {refusal !== null && <ApiProblem error={refusal} />}
        {loaded && (
          <p className="form-done" role="status">
            {t('terrain.loaded', { name: loaded })}
          </p>
        )}
      </section>
      <section aria-labelledby="terrain-list">
        <h2 id="terrain-list">{t('terrain.list')}</h2>
        {dems.state.status === 'failed' && (
          <p className="page-problem">{t('common.failed', { message: dems.state.error.message })}</p>
        )}
        {dems.state.status === 'loaded' && dems.state.value.length === 0 && (
          <p className="hint">{t('terrain.empty')}</p>
        )}
        {dems.state.status === 'loaded' && dems.state.value.length > 0 && (
          <div className="table-scroll">
            <table className="data-table data-table--compact" data-testid="dems-table">
              <thead>
                <tr>
                  <th scope="col">{t('terrain.name')}</th>
                  <th scope="col">{t('terrain.resolution')}</th>
                  <th scope="col">{t('terrain.crs')}</th>
                  <th scope="col">{t('terrain.pixels')}</th>
                  <th scope="col">{t('terrain.extent')}</th>
                  <th scope="col">{t('terrain.size')}</th>
                  <th scope="col">{t('terrain.loadedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {dems.state.value.map((dem) => (
                  <tr key={dem.id} data-dem={dem.name}>
                    <th scope="row">{dem.name}</th>
                    <td>{t('terrain.metres', { value: formatNumber(dem.resolutionM, language) })}</td>
                    <td>
                      {dem.crsName}
                      {dem.crsEpsg ? ` (EPSG:${dem.crsEpsg})` : ''}
                    </td>
                    <td>
                      {formatNumber(dem.widthPx, language)} × {formatNumber(dem.heightPx, language)}
                    </td>
                    <td>
                      {degrees(dem.bboxWgs84[0])}–{degrees(dem.bboxWgs84[2])} °E, {degrees(dem.bboxWgs84[1])}–
                      {degrees(dem.bboxWgs84[3])} °N
                    </td>
                    <td>{formatBytes(dem.sizeBytes, language)}</td>
                    <td>
                      {formatDateTime(dem.createdAt)}
                      {dem.createdBy ? ` · ${dem.createdBy}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
