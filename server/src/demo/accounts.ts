import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@skywater/core/config/config';
import type { Db } from '@skywater/core/db/db';
import { hashPassword, randomPassword } from '@skywater/core/auth/password';
import type { Role } from '@skywater/core/auth/roles';
import { createUserIfMissing } from '../auth/users';
import { DEMO_OFFICES, ensureDemoOffices } from './demo-offices';

const PROVINCE_ACCOUNTS: ReadonlyArray<{ username: string; roles: Role[]; displayName: string }> = [
  { username: 'admin', roles: ['admin'], displayName: '系统管理员' },
  { username: 'analyst', roles: ['analyst'], displayName: '情报分析员' },
  { username: 'lab', roles: ['lab'], displayName: '检测实验室' },
  { username: 'pilot', roles: ['pilot'], displayName: '无人机飞手' },
];

/**
 * The demo accounts: the province's `admin`, `analyst`, `lab`, `pilot`, and `<office>-<role>`
 * for each demo office (`haikou-analyst`, `dongfang-pilot`, `qionghai-lab`...), one password.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{
  username: string;
  roles: Role[];
  displayName: string;
  /** Null: the province. */
  officeCode: string | null;
}> = [
  ...PROVINCE_ACCOUNTS.map((a) => ({ ...a, officeCode: null })),
  ...DEMO_OFFICES.flatMap((office) =>
    PROVINCE_ACCOUNTS.map((a) => ({
      username: `${office.code}-${a.username}`,
      roles: a.roles,
      displayName: `${office.nameZh.replace(/禁毒(委|办)$/, '')}${a.displayName}`,
      officeCode: office.code,
    })),
  ),
];

/**
 * Demo mode: the demo offices and accounts (DEMO_ACCOUNTS), password DEMO_PASSWORD or a random one shown once (and kept
 * in DATA_DIR/demo-password.txt, readable by this user only). Production: the first admin
 * from ADMIN_PASSWORD when there is no admin yet. Returns the lines to print at start.
 */
export async function ensureAccounts(db: Db, config: Config): Promise<string[]> {
  if (config.demo) return ensureDemoAccounts(db, config);
  if (!config.adminPassword) return [];
  const created = await createUserIfMissing(db, {
    username: 'admin',
    password: config.adminPassword,
    roles: ['admin'],
  });
  return created ? ['Created the first admin account "admin" with ADMIN_PASSWORD.'] : [];
}

async function ensureDemoAccounts(db: Db, config: Config): Promise<string[]> {
  const passwordFile = path.join(config.dataDir, 'demo-password.txt');
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from users where username = any($1)`,
    [DEMO_ACCOUNTS.map((a) => a.username)],
  );
  const exist = rows[0]!.n === DEMO_ACCOUNTS.length;
  let password = config.demoPassword;
  if (exist && config.demoPassword) {
    const hash = await hashPassword(config.demoPassword);
    await db.query(
      `update users set password_hash = $1, failed_logins = 0, locked_until = null where username = any($2)`,
      [hash, DEMO_ACCOUNTS.map((a) => a.username)],
    );
  } else if (!exist) {
    password ??= randomPassword();
    await ensureDemoOffices(db);
    // One hash for every account: they share the password, and each scrypt costs ~0.5 s.
    const hash = await hashPassword(password);
    for (const account of DEMO_ACCOUNTS) {
      await db.query(
        `insert into users (username, display_name, password_hash, roles, office_id)
         values ($1, $2, $3, $4, (select id from offices where code = $5))
         on conflict (username) do nothing`,
        [account.username, account.displayName, hash, account.roles, account.officeCode],
      );
    }
    if (!config.demoPassword) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    }
  }
  const names = `${PROVINCE_ACCOUNTS.map((a) => a.username).join(', ')} (province); ${DEMO_OFFICES.map((o) => `${o.code}-{admin,analyst,lab,pilot}`).join(', ')}`;
  if (password) return [`Demo accounts ${names}; password: ${password}`];
  return [`Demo accounts ${names}; password in ${passwordFile} (or set DEMO_PASSWORD).`];
}
