import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../api/auth-api';
import { AlertsBadge } from '../alerts/alerts-badge';
import { useSession } from '../auth/session-context';
import type { ScreenDefinition } from '../navigation/screens';
import { LanguageSwitch } from './language-switch';
import { MainMenu } from './main-menu';

/** Product name, menu, open-alerts count, language switch, user and logout. */
export function AppHeader({
  user,
  allowed,
  current,
}: {
  user: SessionUser;
  allowed: readonly ScreenDefinition[];
  current: ScreenDefinition | null;
}) {
  const { t } = useTranslation();
  const { logOut } = useSession();
  const mayReadAlerts = user.roles.includes('analyst') || user.roles.includes('admin');
  const roleNames = user.roles.map((role) => t(`roles.${role}`)).join('、');
  return (
    <header className="app-header">
      <a className="skip-link" href="#main-content">
        {t('common.skipToContent')}
      </a>
      <div className="app-header__product">
        <span className="app-header__mark" aria-hidden="true">
          {t('product.shortName')}
        </span>
        <span className="app-header__name">{t('product.name')}</span>
      </div>
      <MainMenu allowed={allowed} current={current} />
      <div className="app-header__tools">
        {mayReadAlerts && <AlertsBadge />}
        <LanguageSwitch />
        <span className="app-header__user" title={t('auth.roles', { roles: roleNames })}>
          {t('auth.signedInAs', { username: user.username })}
        </span>
        <button type="button" className="button button--quiet" onClick={() => void logOut()}>
          {t('auth.logout')}
        </button>
      </div>
    </header>
  );
}
