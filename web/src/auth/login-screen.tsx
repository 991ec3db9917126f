import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { ApiProblem } from '../layout/api-problem';
import { LanguageSwitch } from '../layout/language-switch';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { useSession } from './session-context';

/** A refused login said as the login form says it: wrong credentials, no server, else the refusal. */
function refusalKey(error: unknown): 'auth.wrongPassword' | 'common.unreachable' | null {
  if (error instanceof ApiError && error.status === 401) return 'auth.wrongPassword';
  if (error instanceof ApiError && error.status === 0) return 'common.unreachable';
  return null;
}

/** The login form; the only screen shown before a session exists. */
export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const { logIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // One login at a time (a double click or a second Enter sends nothing more), pending shown on
  // the button, a refusal said in the interface language.
  const form = useFormSubmit();
  const [expiredShown, setExpiredShown] = useState(expired);
  const usernameId = useId();
  const passwordId = useId();
  const problemId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setExpiredShown(false);
    await form.send(() => logIn(username.trim(), password));
  }

  const refusal = form.refusal;
  const known = refusal === null ? null : refusalKey(refusal);
  const problemShown = expiredShown || refusal !== null;
  return (
    <div className="login-page">
      <div className="login-page__language">
        <LanguageSwitch />
      </div>
      <main className="login-card" aria-labelledby="login-title">
        <p className="login-card__product">{t('product.name')}</p>
        <p className="login-card__tagline">{t('product.tagline')}</p>
        <h1 id="login-title">{t('auth.title')}</h1>
        <form onSubmit={submit} noValidate aria-describedby={problemShown ? problemId : undefined}>
          <label htmlFor={usernameId}>{t('auth.username')}</label>
          <input
            id={usernameId}
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
          <label htmlFor={passwordId}>{t('auth.password')}</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {expiredShown && (
            <p id={problemId} className="form-problem" role="alert">
              {t('auth.sessionExpired')}
            </p>
          )}
          {refusal !== null &&
            (known ? (
              <p id={problemId} className="form-problem" role="alert">
                {t(known)}
              </p>
            ) : (
              <div id={problemId}>
                <ApiProblem error={refusal} />
              </div>
            ))}
          <SubmitButton
            pending={form.pending}
            pendingLabel={t('auth.submitting')}
            disabled={!username || !password}
          >
            {t('auth.submit')}
          </SubmitButton>
        </form>
      </main>
    </div>
  );
}
