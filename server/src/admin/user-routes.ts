import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { hashPassword, passwordProblems } from '@skywater/core/auth/password';
import type { Queryable } from '@skywater/core/db/db';
import { ConflictError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { actorOf } from '../auth/actor';
import { sessionCacheOf } from '../auth/session-cache';
import { deleteUserSessions } from '../auth/sessions';
import { ROLES } from '@skywater/core/auth/roles';
import type { UserView } from '@skywater/core/auth/user-view';
import { officeIdField } from '../offices/office-fields';
import { officeForNew, visibleOfficesOf } from '../offices/office-scope';
import type { RouteModule } from '../http/route-table';

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{2,64}$/, '2-64 of a-z 0-9 _ . -');
const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(4)
  .refine((list) => new Set(list).size === list.length, { message: 'each role once' });
const newUser = z.object({
  username,
  displayName: z.string().trim().max(100).optional(),
  roles,
  password: z.string().min(1).max(256),
  officeId: officeIdField.optional(),
});
const userChange = z
  .object({
    displayName: z.string().trim().max(100).nullable().optional(),
    roles: roles.optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(1).max(256).optional(),
    officeId: officeIdField.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' });
const usernameParam = z.object({ username });
const listQuery = z.object({ officeId: officeIdField.optional() });

const USER_COLUMNS = `id, username, office_id::int as "officeId", display_name as "displayName", roles, disabled, created_at as "createdAt", updated_at as "updatedAt",
  coalesce(locked_until > now(), false) as locked`;

function checkPassword(password: string, name: string) {
  const problems = passwordProblems(password, name);
  if (problems.length)
    throw new ValidationError(
      'The password is too weak',
      problems.map((message) => ({ path: 'password', message })),
    );
}

/**
 * No change may leave the service without an enabled admin (409 last_admin): nobody could then
 * manage accounts but the CLI. Per office (409 last_office_admin): an office's last enabled admin
 * cannot take away its own admin role, disable itself or move itself out (an admin above may,
 * and still manages the office); the province's last admin cannot be removed by anyone, since
 * only the province's admins manage the province. An admin may step down while another remains.
 */
async function keepAnAdmin(
  tx: Queryable,
  actorId: number | null,
  before: { id: number; roles: string[]; disabled: boolean; officeId: number },
  change: { roles?: string[]; disabled?: boolean; officeId?: number | null },
): Promise<void> {
  const wasAdmin = before.roles.includes('admin') && !before.disabled;
  if (!wasAdmin) return;
  const losesAdmin = !(change.roles ?? before.roles).includes('admin') || (change.disabled ?? before.disabled);
  const leavesOffice = change.officeId != null && change.officeId !== before.officeId;
  if (!losesAdmin && !leavesOffice) return;
  const { rows } = await tx.query<{ others: number; othersHere: number; root: boolean }>(
    `select count(*)::int as others, (count(*) filter (where office_id = $2))::int as "othersHere",
            $2 = root_office_id() as root
       from users where 'admin' = any(roles) and not disabled and id <> $1`,
    [before.id, before.officeId],
  );
  const { others, othersHere, root } = rows[0]!;
  if (losesAdmin && others === 0)
    throw new ConflictError('This is the last enabled admin: give another account the admin role first', {
      reason: 'last_admin',
    });
  if (othersHere === 0 && (root || Number(before.id) === Number(actorId)))
    throw new ConflictError(
      'This is the last enabled admin of its office: give another account of the office the admin role first',
      { reason: 'last_office_admin', officeId: before.officeId },
    );
}

/** Admins manage the accounts of their office and those below it. Disabling an account or changing its password ends its sessions at once. */
export const userRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/users',
    access: ['admin'],
    request: { query: listQuery },
    summary: 'The accounts of the offices the admin may see (?officeId= narrows), with roles, office and state',
    async handler(req, res) {
      const { officeId } = listQuery.parse(req.query);
      res.json(
        (
          await db.query<UserView>(`select ${USER_COLUMNS} from users where office_id = any($1::bigint[]) order by username`, [
            visibleOfficesOf(req, officeId),
          ])
        ).rows,
      );
    },
  },
  {
    method: 'post',
    path: '/api/users',
    access: ['admin'],
    request: { body: newUser },
    summary: 'Create an account',
    async handler(req, res) {
      const input = newUser.parse(req.body);
      checkPassword(input.password, input.username);
      const officeId = officeForNew(req, input.officeId);
      const hash = await hashPassword(input.password);
      const created = await db.transaction(async (tx) => {
        const { rows } = await tx.query<UserView>(
          `insert into users (username, display_name, password_hash, roles, office_id) values ($1, $2, $3, $4, $5)
           on conflict (username) do nothing returning ${USER_COLUMNS}`,
          [input.username, input.displayName ?? null, hash, input.roles, officeId],
        );
        if (!rows[0]) throw new ConflictError(`User ${input.username} exists`);
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'user',
          entityId: input.username,
          after: { roles: input.roles, officeId },
          requestId: req.id,
        });
        return rows[0];
      });
      res.status(201).json(created);
    },
  },
  {
    method: 'patch',
    path: '/api/users/:username',
    access: ['admin'],
    request: { body: userChange },
    summary: 'Change an account: roles, display name, disabled, password, office (within the admin’s; sessions end)',
    async handler(req, res) {
      const { username: name } = usernameParam.parse(req.params);
      const change = userChange.parse(req.body);
      if (change.password) checkPassword(change.password, name);
      const hash = change.password ? await hashPassword(change.password) : null;
      const officeId = change.officeId === undefined ? null : officeForNew(req, change.officeId);
      const updated = await db.transaction(async (tx) => {
        // Every admin row first, in one order, so two admins demoting each other queue, not deadlock.
        if (change.roles || change.disabled || officeId !== null) {
          await tx.query(
            `select id from users where 'admin' = any(roles) and not disabled order by id for update`,
          );
        }
        const before = (
          await tx.query<{ id: number; roles: string[]; disabled: boolean; officeId: number }>(
            `select ${USER_COLUMNS} from users where username = $1 for update`,
            [name],
          )
        ).rows[0];
        if (!before) throw new NotFoundError('User');
        await keepAnAdmin(tx, actorOf(req)?.id ?? null, before, { ...change, officeId });
        // Written before the change: the entry belongs to the actor's office as it was when acting
        // (an admin moving itself stays in the office it acted from).
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'update',
          entity: 'user',
          entityId: name,
          before: { roles: before.roles, disabled: before.disabled, officeId: before.officeId },
          after: {
            roles: change.roles,
            disabled: change.disabled,
            displayName: change.displayName,
            passwordChanged: Boolean(hash),
            officeId: officeId ?? undefined,
          },
          requestId: req.id,
        });
        const { rows } = await tx.query<UserView>(
          `update users set
             display_name = case when $2 then $3 else display_name end,
             roles = coalesce($4, roles),
             disabled = coalesce($5, disabled),
             password_hash = coalesce($6, password_hash),
             office_id = coalesce($7, office_id),
             failed_logins = case when $6 is null then failed_logins else 0 end,
             locked_until = case when $6 is null then locked_until else null end,
             updated_at = now()
           where username = $1 returning ${USER_COLUMNS}`,
          [
            name,
            change.displayName !== undefined,
            change.displayName ?? null,
            change.roles ?? null,
            change.disabled ?? null,
            hash,
            officeId,
          ],
        );
        // Moving an account to another office ends its sessions too (sql/028, a trigger).
        if (change.disabled || hash || change.roles) await deleteUserSessions(tx, before.id);
        return rows[0];
      });
      sessionCacheOf(db).forget();
      res.json(updated);
    },
  },
];
