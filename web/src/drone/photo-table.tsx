import { useTranslation } from 'react-i18next';
import { uploadFraction } from '../api/upload-with-progress';
import { formatBytes } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ProgressBar } from '../layout/progress-bar';
import { QcFlags } from './qc-flags';
import type { PhotoRow } from './use-flight-upload';

/** The chosen photos, each with its upload's progress or answer and, once read, its QC flags. */
export function PhotoTable({ photos }: { photos: readonly PhotoRow[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <table className="data-table photo-table" data-testid="photo-table">
      <thead>
        <tr>
          <th scope="col">{t('flights.photo')}</th>
          <th scope="col">{t('flights.size')}</th>
          <th scope="col">{t('flights.upload')}</th>
          <th scope="col">{t('flights.qc')}</th>
        </tr>
      </thead>
      <tbody>
        {photos.map((row, index) => (
          <tr
            key={`${row.file.name}-${index}`}
            data-status={row.state.status}
            className={
              row.state.status === 'rejected' || row.state.status === 'failed' ? 'row--error' : undefined
            }
          >
            <th scope="row">{row.file.name}</th>
            <td>{formatBytes(row.file.size, language)}</td>
            <td>
              {row.state.status === 'uploading' ? (
                <ProgressBar
                  label={t('flights.photoProgress', { name: row.file.name })}
                  fraction={uploadFraction(row.state.progress)}
                />
              ) : row.state.status === 'rejected' || row.state.status === 'failed' ? (
                <span className="form-problem">{row.state.message}</span>
              ) : (
                t(`flights.photoStatus.${row.state.status}`)
              )}
            </td>
            <td>
              {row.state.status === 'accepted' && row.state.qcFlags ? (
                <QcFlags flags={row.state.qcFlags} />
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
