import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError } from '@skywater/core/errors/app-error';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const newRound = z
  .object({ name: z.string().trim().min(1).max(100), startsOn: isoDate, endsOn: isoDate })
  .refine((r) => r.endsOn >= r.startsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] });

const ROUND_COLUMNS = `id, name, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn"`;

export const roundRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/rounds',
    access: 'authenticated',
    summary: 'Sampling rounds, oldest first',
    async handler(_req, res) {
      const { rows } = await db.query(`select ${ROUND_COLUMNS} from rounds order by starts_on, id`);
      res.json(rows);
    },
  },
  {
    method: 'post',
    path: '/api/rounds',
    access: ['lab', 'analyst', 'admin'],
    request: { body: newRound },
    summary: 'Create a sampling round',
    async handler(req, res) {
      const round = newRound.parse(req.body);
      const created = await db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from rounds where name = $1', [round.name]);
        if (existing.rows.length) throw new ConflictError(`A round named ${round.name} exists`);
        const { rows } = await tx.query<{ id: number }>(
          `insert into rounds (name, starts_on, ends_on) values ($1, $2, $3) returning ${ROUND_COLUMNS}`,
          [round.name, round.startsOn, round.endsOn],
        );
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'round',
          entityId: rows[0]!.id,
          after: round,
          requestId: req.id,
        });
        return rows[0];
      });
      res.status(201).json(created);
    },
  },
];
