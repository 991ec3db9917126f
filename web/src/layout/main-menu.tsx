import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { menuEntries, type ScreenDefinition } from '../navigation/screens';
import { hrefForPath } from '../navigation/use-hash-path';

/**
 * The menu of the screens the user's roles allow; the current one marked for screen readers.
 * When a user has many screens, each group (lab, admin) is a drop-down (`<details>`, keyboard
 * and screen-reader friendly without script), closed again once a screen is chosen.
 */
export function MainMenu({
  allowed,
  current,
}: {
  allowed: readonly ScreenDefinition[];
  current: ScreenDefinition | null;
}) {
  const { t } = useTranslation();
  const nav = useRef<HTMLElement>(null);
  const closeGroups = () => {
    for (const details of nav.current?.querySelectorAll('details[open]') ?? [])
      details.removeAttribute('open');
  };
  // A drop-down closes when the screen changes (a link, or the address bar) and on a click
  // anywhere outside it.
  useEffect(() => closeGroups(), [current?.id]);
  useEffect(() => {
    const outside = (event: MouseEvent) => {
      if (!(event.target instanceof Node) || !nav.current?.contains(event.target)) closeGroups();
    };
    document.addEventListener('click', outside);
    return () => document.removeEventListener('click', outside);
  }, []);
  const link = (screen: ScreenDefinition) => (
    <a
      href={hrefForPath(screen.path)}
      aria-current={screen.id === current?.id ? 'page' : undefined}
      onClick={closeGroups}
    >
      {t(`menu.${screen.id}`)}
    </a>
  );
  return (
    <nav className="main-menu" aria-label={t('menu.label')} ref={nav}>
      <ul>
        {menuEntries(allowed).map((entry) =>
          entry.kind === 'screen' ? (
            <li key={entry.screen.id}>{link(entry.screen)}</li>
          ) : (
            <li key={entry.group} className="main-menu__group">
              <details data-testid={`menu-group-${entry.group}`}>
                <summary
                  aria-current={
                    entry.screens.some((screen) => screen.id === current?.id) ? 'true' : undefined
                  }
                >
                  {t(`menu.group.${entry.group}`)}
                </summary>
                <ul>
                  {entry.screens.map((screen) => (
                    <li key={screen.id}>{link(screen)}</li>
                  ))}
                </ul>
              </details>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
