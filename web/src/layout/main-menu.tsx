import { useTranslation } from 'react-i18next';
import type { ScreenDefinition } from '../navigation/screens';
import { hrefForPath } from '../navigation/use-hash-path';

/** The menu of the screens the user's roles allow; the current one marked for screen readers. */
export function MainMenu({
  allowed,
  current,
}: {
  allowed: readonly ScreenDefinition[];
  current: ScreenDefinition | null;
}) {
  const { t } = useTranslation();
  return (
    <nav className="main-menu" aria-label={t('menu.label')}>
      <ul>
        {allowed.map((screen) => (
          <li key={screen.id}>
            <a href={hrefForPath(screen.path)} aria-current={screen.id === current?.id ? 'page' : undefined}>
              {t(`menu.${screen.id}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
