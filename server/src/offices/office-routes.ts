import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { areaGeometrySchema } from '@skywater/core/geo/geojson-schema';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { actorOf } from '../auth/actor';
import { sessionCacheOf } from '../auth/session-cache';
import type { RouteModule } from '../http/route-table';
import { CHILD_OFFICE_KINDS } from '@skywater/core/offices/office';
import { officeIdField } from './office-fields';
import { officeForNew, officeScopeOf } from './office-scope';
import { deleteOffice, getOffice, insertOffice, listOffices } from './offices';

const newOffice = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, '2-40 of a-z 0-9 -, starting with a letter'),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  kind: z.enum(CHILD_OFFICE_KINDS),
  parentId: officeIdField,
  territory: areaGeometrySchema.optional(),
});
const idParam = z.object({ id: officeIdField });

/** The office tree: anyone reads the part they may see; admins add and remove offices below their own. */
export const officeRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/offices',
    access: 'authenticated',
    summary: 'The offices the user may see (their own and those below it), parents first, each with parentId',
    async handler(req, res) {
      res.json(await listOffices(db, officeScopeOf(req).visibleOfficeIds));
    },
  },
  {
    method: 'post',
    path: '/api/offices',
    access: ['admin'],
    request: { body: newOffice },
    summary: 'Add an office { code, nameZh, nameEn, kind, parentId, territory? } below one the admin may see',
    async handler(req, res) {
      const input = newOffice.parse(req.body);
      const parentId = officeForNew(req, input.parentId);
      const id = await db.transaction(async (tx) => {
        const officeId = await insertOffice(tx, { ...input, parentId });
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'office',
          entityId: officeId,
          after: { code: input.code, kind: input.kind, parentId },
          requestId: req.id,
        });
        return officeId;
      });
      // Sessions read their visible offices with them: this process forgets them now, the others
      // at the notification (sql/028).
      sessionCacheOf(db).forget();
      res.status(201).json(await getOffice(db, id));
    },
  },
  {
    method: 'delete',
    path: '/api/offices/:id',
    access: ['admin'],
    summary: 'Delete an office below the admin’s own; refused (409 office_in_use) while it owns data or sub-offices',
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      const office = await getOffice(db, id);
      if (!office) throw new NotFoundError('Office');
      if (id === officeScopeOf(req).officeId)
        throw new ValidationError('An admin cannot delete their own office', [{ path: 'id', message: 'own office' }]);
      await db.transaction(async (tx) => {
        await deleteOffice(tx, id);
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'delete',
          entity: 'office',
          entityId: id,
          before: { code: office.code, kind: office.kind, parentId: office.parentId },
          requestId: req.id,
        });
      });
      sessionCacheOf(db).forget();
      res.status(204).end();
    },
  },
];
