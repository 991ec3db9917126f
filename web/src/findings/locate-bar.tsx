import { useTranslation } from 'react-i18next';
import { formatDistanceM, formatPosition } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import type { LocateMe } from '../map/use-locate-me';

export interface LocateBarProps {
  locator: LocateMe;
  onLocate: () => void;
}

/** "Locate me" on a phone: the button, the position found (with its accuracy) or why not. */
export function LocateBar({ locator, onLocate }: LocateBarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="findings-screen__locate">
      <button type="button" className="button button--primary" onClick={onLocate} disabled={locator.busy}>
        {locator.busy ? t('common.working') : t('fieldWork.locateMe')}
      </button>
      {locator.position && (
        <span className="findings-screen__here" role="status">
          {t('fieldWork.located', {
            position: formatPosition(locator.position.lonLat, language),
            accuracy: formatDistanceM(locator.position.accuracyM, language),
          })}
        </span>
      )}
      {locator.problem && (
        <span className="form-problem" role="alert">
          {t(`surveyMap.locateProblem.${locator.problem}`)}
        </span>
      )}
    </div>
  );
}
