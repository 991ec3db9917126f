import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n/i18n';
import { useLanguage } from '../i18n/use-language';

/** One button that flips between Chinese and English, labelled in the language it leads to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLanguage();
  const next = current === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="button button--quiet"
      lang={next}
      aria-label={t('language.switchToLabel')}
      onClick={() => void switchLanguage(next)}
    >
      {t('language.switchTo')}
    </button>
  );
}
