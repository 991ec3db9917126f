import { formatPercent } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';

/** A labelled progress bar (0-1) with the percentage written beside it. */
export function ProgressBar({
  label,
  fraction,
  detail,
}: {
  label: string;
  fraction: number;
  detail?: string;
}) {
  const language = useLanguage();
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail ?? formatPercent(percent, language)}
      >
        <span className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__text">{detail ?? formatPercent(percent, language)}</span>
    </div>
  );
}
