import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { LanguageSwitch } from '../layout/language-switch';
import { useSession } from './session-context';

type LoginProblem =
  | { key: 'auth.sessionExpired' | 'auth.wrongPassword' | 'common.unreachable' }
  | { key: 'common.failed'; message: string };

/** The login form; the only screen shown before a session exists. */
export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const { logIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  // Kept as a key, not text, so a language switch re-translates it.
  const [problem, setProblem] = useState<LoginProblem | null>(
    expired ? { key: 'auth.sessionExpired' } : null,
  );
  const usernameId = useId();
  const passwordId = useId();
  const problemId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setProblem(null);
    try {
      await logIn(username.trim(), password);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setProblem({ key: 'auth.wrongPassword' });
      else if (error instanceof ApiError && error.status === 0) setProblem({ key: 'common.unreachable' });
      else
        setProblem({ key: 'common.failed', message: error instanceof Error ? error.message : String(error) });
      setSubmitting(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-page__language">
        <LanguageSwitch />
      </div>
      <main className="login-card" aria-labelledby="login-title">
        <p className="login-card__product">{t('product.name')}</p>
        <p className="login-card__tagline">{t('product.tagline')}</p>
        <h1 id="login-title">{t('auth.title')}</h1>
        <form onSubmit={submit} noValidate aria-describedby={problem ? problemId : undefined}>
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
          {problem && (
            <p id={problemId} className="form-problem" role="alert">
              {problem.key === 'common.failed'
                ? t(problem.key, { message: problem.message })
                : t(problem.key)}
            </p>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={submitting || !username || !password}
          >
            {submitting ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
