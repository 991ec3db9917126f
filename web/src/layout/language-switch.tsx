import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n/i18n';
import { useLanguage } from '../i18n/use-language';

/**
 * One button that flips between Chinese and English, labelled in the language it leads to (its
 * visible text is its accessible name, so voice control users can say what they see).
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLanguage();
  const next = current === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="button button--quiet"
      lang={next}
      title={t('language.switchToLabel')}
      onClick={() => void switchLanguage(next)}
    >
      {t('language.switchTo')}
    </button>
  );
}
