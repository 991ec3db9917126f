import { formatCoveredOfTotalKm2 } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { barFraction } from './coverage-totals';

/** Covered km² against the total as a bar, with the figures written beside it ("612 / 850 km²"). */
export function CoverageBar({
  label,
  coveredKm2,
  areaKm2,
  coveragePct,
}: {
  label: string;
  coveredKm2: number;
  areaKm2: number;
  coveragePct: number;
}) {
  const language = useLanguage();
  const text = formatCoveredOfTotalKm2(coveredKm2, areaKm2, language);
  return (
    <div className="coverage-bar">
      <div
        className="coverage-bar__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(coveragePct * 10) / 10}
        aria-valuetext={text}
      >
        <span className="coverage-bar__fill" style={{ width: `${barFraction(coveragePct) * 100}%` }} />
      </div>
      <span className="coverage-bar__text">{text}</span>
    </div>
  );
}
