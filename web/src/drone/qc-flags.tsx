import { useTranslation } from 'react-i18next';
import { textIfKnown } from '../i18n/text-if-known';

/**
 * A photo's QC flags as tags, in words where the dictionary has them, each explained on hover
 * (whether the photo counts in coverage); "OK" when there are none.
 */
export function QcFlags({ flags }: { flags: readonly string[] }) {
  const { t, i18n } = useTranslation();
  if (flags.length === 0) return <span className="tag tag--ok">{t('flights.qcOk')}</span>;
  return (
    <span className="qc-flags">
      {flags.map((flag) => (
        <span
          key={flag}
          className="tag tag--warning"
          title={textIfKnown(i18n, `flights.qcFlagHelp.${flag}`, flag)}
        >
          {textIfKnown(i18n, `flights.qcFlag.${flag}`, flag)}
        </span>
      ))}
    </span>
  );
}
