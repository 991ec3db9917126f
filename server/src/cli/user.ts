import { parseArgs } from 'node:util';
import { loadConfig } from '@skywater/core/config/config';
import { openDb } from '@skywater/core/db/open-db';
import { migrate } from '@skywater/core/db/migrate';
import { hashPassword, passwordProblems } from '@skywater/core/auth/password';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ROLES, type Role } from '@skywater/core/auth/roles';
import { deleteUserSessions } from '../auth/sessions';

const USAGE = `Usage:
  npm run user -- add <username> --roles lab,analyst [--password <p>]   (password from SKYWATER_PASSWORD if not given)
  npm run user -- set-password <username> [--password <p>]
  npm run user -- disable <username>
  npm run user -- list`;

/** `npm run user -- …`: create users, reset passwords, disable accounts, from the server's shell. */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { roles: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
});
const [command, username] = positionals;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const config = loadConfig();
const db = await openDb(config).catch((e: Error) => fail(e.message));
await migrate(db);
const actor = { id: null, username: 'cli' };
try {
  if (command === 'list') {
    const { rows } = await db.query<{ username: string; roles: string[]; disabled: boolean }>(
      'select username, roles, disabled from users order by username',
    );
    for (const r of rows)
      process.stdout.write(`${r.username}\t${r.roles.join(',')}${r.disabled ? '\t(disabled)' : ''}\n`);
  } else if ((command === 'add' || command === 'set-password') && username) {
    const password =
      values.password ?? process.env.SKYWATER_PASSWORD ?? fail('Give --password or set SKYWATER_PASSWORD.');
    const problems = passwordProblems(password, username);
    if (problems.length) fail(`Password too weak: ${problems.join('; ')}`);
    const hash = await hashPassword(password);
    if (command === 'add') {
      const roles = (values.roles ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean) as Role[];
      if (!roles.length || roles.some((r) => !ROLES.includes(r)))
        fail(`--roles must list some of ${ROLES.join(', ')}`);
      await db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `insert into users (username, display_name, password_hash, roles) values ($1, $2, $3, $4) on conflict (username) do nothing`,
          [username.toLowerCase(), values.name ?? null, hash, roles],
        );
        if (!rowCount) fail(`User ${username} exists.`);
        await recordAudit(tx, {
          actor,
          action: 'create',
          entity: 'user',
          entityId: username,
          after: { roles },
        });
      });
      process.stdout.write(`Created ${username} (${roles.join(', ')}).\n`);
    } else {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `update users set password_hash = $2, failed_logins = 0, locked_until = null, updated_at = now() where username = $1 returning id`,
          [username.toLowerCase(), hash],
        );
        if (!rows[0]) fail(`No user ${username}.`);
        await deleteUserSessions(tx, rows[0].id);
        await recordAudit(tx, { actor, action: 'set_password', entity: 'user', entityId: username });
      });
      process.stdout.write(`Password of ${username} changed; their sessions ended.\n`);
    }
  } else if (command === 'disable' && username) {
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number }>(
        `update users set disabled = true, updated_at = now() where username = $1 returning id`,
        [username.toLowerCase()],
      );
      if (!rows[0]) fail(`No user ${username}.`);
      await deleteUserSessions(tx, rows[0].id);
      await recordAudit(tx, { actor, action: 'disable', entity: 'user', entityId: username });
    });
    process.stdout.write(`Disabled ${username}; their sessions ended.\n`);
  } else {
    fail(USAGE);
  }
} finally {
  await db.close();
}
