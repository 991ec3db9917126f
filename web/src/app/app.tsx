import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginScreen } from '../auth/login-screen';
import { useSession } from '../auth/session-context';
import { AppHeader } from '../layout/app-header';
import { resolveScreen, screensForRoles } from '../navigation/screens';
import { hrefForPath, useHashPath } from '../navigation/use-hash-path';
import { ScreenOutlet } from './screen-outlet';

/** Login first; then the header with the menu the user's roles allow, and the chosen screen. */
export function App() {
  const { t } = useTranslation();
  const { state, recheck } = useSession();
  const path = useHashPath();

  const roles = state.status === 'authenticated' ? state.user.roles : null;
  const openedPath = roles ? resolveScreen(path, roles)?.path : undefined;

  useEffect(() => {
    document.title = t('product.name');
  }, [t]);

  useEffect(() => {
    // Show the screen actually opened in the address bar, without a history entry.
    if (openedPath && openedPath !== path) window.history.replaceState(null, '', hrefForPath(openedPath));
  }, [openedPath, path]);

  if (state.status === 'checking') {
    return (
      <p className="screen-loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <div className="page-problem" role="alert">
        <p>{t('common.unreachable')}</p>
        <button type="button" className="button button--primary" onClick={recheck}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (state.status === 'anonymous') return <LoginScreen expired={state.expired} />;

  const allowed = screensForRoles(state.user.roles);
  const current = resolveScreen(path, state.user.roles);
  return (
    <div className="app-shell">
      <AppHeader user={state.user} allowed={allowed} current={current} />
      <main id="main-content" className="app-main" tabIndex={-1}>
        {current ? (
          <ScreenOutlet key={current.id} screenId={current.id} />
        ) : (
          <p className="page-note">{t('common.noScreens')}</p>
        )}
      </main>
    </div>
  );
}
