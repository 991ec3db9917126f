import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The reason every change in the app asks for (a correction, an analyte, a bound, a round
 * closed): a textarea named `reason` with its problem under it, in the interface language.
 * The form checks it is not empty (`reasonProblem`) before sending anything.
 */
export function ReasonField({
  value,
  onChange,
  problem,
  label,
  className,
}: {
  value: string;
  onChange: (reason: string) => void;
  problem?: string;
  /** Defaults to "Reason". */
  label?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <label htmlFor={id} className={className ?? 'reason-field'}>
      {label ?? t('common.reason')}
      <textarea
        id={id}
        name="reason"
        rows={2}
        maxLength={2000}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={Boolean(problem)}
      />
      {problem && <span className="field-problem">{problem}</span>}
    </label>
  );
}
