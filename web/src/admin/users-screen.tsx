import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@skywater/core/auth/roles';
import type { Role } from '../api/auth-api';
import { changeUser, createUser, fetchUsers, type UserAccount, type UserChange } from '../api/users-api';
import { fetchOffices } from '../api/offices-api';
import { useLoadable } from '../app/use-loadable';
import { useSession } from '../auth/session-context';
import { formatDateTime } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';

const allRoles: readonly Role[] = ROLES;
const usernamePattern = /^[a-z0-9_.-]{2,64}$/;
const minPasswordLength = 10;

function RoleChoices({
  chosen,
  onChange,
  name,
}: {
  chosen: readonly Role[];
  onChange: (roles: Role[]) => void;
  name: string;
}) {
  const { t } = useTranslation();
  return (
    <span className="role-choices">
      {allRoles.map((role) => (
        <label key={role} className="checkbox-label">
          <input
            type="checkbox"
            name={`${name}-${role}`}
            checked={chosen.includes(role)}
            onChange={(event) =>
              onChange(event.target.checked ? [...chosen, role] : chosen.filter((r) => r !== role))
            }
          />
          {t(`roles.${role}`)}
        </label>
      ))}
    </span>
  );
}

/** The form that creates an account, checked in the interface language before it is sent. */
function NewUserForm({ onCreated }: { onCreated: (user: UserAccount) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [password, setPassword] = useState('');
  const [officeId, setOfficeId] = useState('');
  const language = useLanguage();
  const { state: offices } = useLoadable((signal) => fetchOffices(signal));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const form = useFormSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!usernamePattern.test(username.trim().toLowerCase())) found.username = t('users.usernameRule');
    if (roles.length === 0) found.roles = t('users.rolesRequired');
    if (password.length < minPasswordLength)
      found.password = t('users.passwordRule', { count: minPasswordLength });
    setProblems(found);
    form.clearRefusal();
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() =>
      createUser({
        username: username.trim().toLowerCase(),
        displayName: displayName.trim() || undefined,
        roles,
        password,
        officeId: officeId ? Number(officeId) : undefined,
      }),
    );
    if (!outcome.sent) return;
    onCreated(outcome.value);
    setUsername('');
    setDisplayName('');
    setRoles([]);
    setPassword('');
  };

  const problem = (key: string) =>
    problems[key] && (
      <span className="field-problem" data-testid={`problem-${key}`}>
        {problems[key]}
      </span>
    );

  return (
    <form noValidate onSubmit={(event) => void submit(event)} data-testid="new-user-form">
      <div className="form-grid">
        <label htmlFor={`${id}-username`}>
          {t('users.username')}
          <input
            id={`${id}-username`}
            name="username"
            autoComplete="off"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={Boolean(problems.username)}
          />
          {problem('username')}
        </label>
        <label htmlFor={`${id}-display`}>
          {t('users.displayName')}
          <input
            id={`${id}-display`}
            name="displayName"
            value={displayName}
            maxLength={100}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </label>
        <label htmlFor={`${id}-password`}>
          {t('users.initialPassword')}
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={Boolean(problems.password)}
          />
          {problem('password')}
        </label>
        <label htmlFor={`${id}-office`}>
          {t('users.office')}
          <select
            id={`${id}-office`}
            name="officeId"
            value={officeId}
            onChange={(event) => setOfficeId(event.target.value)}
          >
            <option value="">{t('users.ownOffice')}</option>
            {(offices.status === 'loaded' ? offices.value : []).map((office) => (
              <option key={office.id} value={office.id}>
                {language === 'en' ? office.nameEn : office.nameZh}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="plain-fieldset">
        <legend>{t('users.roles')}</legend>
        <RoleChoices chosen={roles} onChange={setRoles} name="new-role" />
        {problem('roles')}
      </fieldset>
      {form.refusal !== null && <ApiProblem error={form.refusal} />}
      <SubmitButton pending={form.pending}>{t('users.create')}</SubmitButton>
    </form>
  );
}

/** One account's roles, state and password, changed by an admin. */
function UserEditor({ user, onChanged }: { user: UserAccount; onChanged: (user: UserAccount) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormSubmit();
  const busy = form.pending;

  const send = async (change: UserChange, doneText: string) => {
    setDone(null);
    const outcome = await form.send(() => changeUser(user.username, change));
    if (!outcome.sent) return;
    setRoles(outcome.value.roles);
    setPassword('');
    setDone(doneText);
    onChanged(outcome.value);
  };

  const saveRoles = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (roles.length === 0) {
      setProblem(t('users.rolesRequired'));
      return;
    }
    void send({ roles }, t('users.rolesSaved'));
  };

  const resetPassword = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (password.length < minPasswordLength) {
      setProblem(t('users.passwordRule', { count: minPasswordLength }));
      return;
    }
    void send({ password }, t('users.passwordSaved'));
  };

  return (
    <section className="user-editor" aria-labelledby={`${id}-title`} data-testid="user-editor">
      <h3 id={`${id}-title`}>{t('users.editing', { username: user.username })}</h3>
      <p className="hint">{t('users.sessionsEnd')}</p>
      <form noValidate onSubmit={saveRoles} className="user-editor__part">
        <fieldset className="plain-fieldset">
          <legend>{t('users.roles')}</legend>
          <RoleChoices chosen={roles} onChange={setRoles} name={`edit-role-${user.username}`} />
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="save-roles">
          {t('users.saveRoles')}
        </button>
      </form>
      <div className="user-editor__part">
        <button
          type="button"
          className="button"
          disabled={busy}
          data-testid="toggle-disabled"
          onClick={() =>
            void send(
              { disabled: !user.disabled },
              user.disabled ? t('users.enabledDone') : t('users.disabledDone'),
            )
          }
        >
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
      </div>
      <form noValidate onSubmit={resetPassword} className="user-editor__part">
        <label htmlFor={`${id}-password`}>
          {t('users.newPassword')}
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('users.resetPassword')}
        </button>
      </form>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {form.refusal !== null && <ApiProblem error={form.refusal} />}
      {done && (
        <p className="form-done" role="status">
          {done}
        </p>
      )}
    </section>
  );
}

/** Accounts: list, create, change roles, disable or enable, reset the password. */
export default function UsersScreen() {
  const { t } = useTranslation();
  const { state: session } = useSession();
  const users = useLoadable(fetchUsers);
  const [selected, setSelected] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const me = session.status === 'authenticated' ? session.user.username : null;
  const list = users.state.status === 'loaded' ? users.state.value : [];
  const chosen = list.find((user) => user.username === selected) ?? null;

  return (
    <div className="page users-screen">
      <h1>{t('users.title')}</h1>
      <p className="page__intro">{t('users.intro')}</p>
      {users.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: users.state.error.message })}</p>
      )}
      <div className="table-scroll">
        <table className="data-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.displayName')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">{t('users.updatedAt')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <tr
                key={user.username}
                data-username={user.username}
                className={user.username === selected ? 'row--selected' : undefined}
              >
                <th scope="row">
                  {user.username}
                  {user.username === me && <span className="tag">{t('users.you')}</span>}
                  {user.username === created && <span className="tag tag--new">{t('alerts.new')}</span>}
                </th>
                <td>{user.displayName ?? '—'}</td>
                <td>{user.roles.map((role) => t(`roles.${role}`)).join('、')}</td>
                <td>
                  <span className={user.disabled ? 'tag tag--warning' : 'tag tag--ok'}>
                    {user.disabled ? t('users.disabled') : t('users.active')}
                  </span>
                  {user.locked && <span className="tag tag--warning">{t('users.locked')}</span>}
                </td>
                <td>{formatDateTime(user.updatedAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-expanded={user.username === selected}
                    onClick={() => setSelected(user.username === selected ? null : user.username)}
                  >
                    {t('users.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen && <UserEditor key={chosen.username} user={chosen} onChanged={() => users.reload()} />}
      <section aria-labelledby="user-new">
        <h2 id="user-new">{t('users.new')}</h2>
        <NewUserForm
          onCreated={(user) => {
            setCreated(user.username);
            users.reload();
          }}
        />
      </section>
    </div>
  );
}
