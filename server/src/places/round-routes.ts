import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { CADENCES, type CampaignView, type RoundView } from '@skywater/core/wastewater/round-view';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const newRound = z
  .object({
    name: z.string().trim().min(1).max(100),
    startsOn: isoDate,
    endsOn: isoDate,
    /** The campaign the round belongs to; default the global default campaign. */
    campaignId: z.number().int().positive().optional(),
  })
  .refine((r) => r.endsOn >= r.startsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] });

const ROUND_COLUMNS = `id, name, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn",
  campaign_id as "campaignId", closed_at as "closedAt"`;

const roundIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const closeRound = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

const newCampaign = z
  .object({
    name: z.string().trim().min(1).max(200),
    areaId: z.number().int().positive().nullable().optional(),
    cadence: z.enum(CADENCES).optional(),
  })
  .strict();
const CAMPAIGN_COLUMNS = `id, name, area_id as "areaId", cadence, created_at as "createdAt"`;

export const roundRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/rounds',
    access: 'authenticated',
    summary: 'Sampling rounds, oldest first',
    async handler(_req, res) {
      const { rows } = await db.query<RoundView>(
        `select ${ROUND_COLUMNS} from rounds order by starts_on, id`,
      );
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
        if (round.campaignId !== undefined) {
          const found = await tx.query('select 1 from campaigns where id = $1', [round.campaignId]);
          if (!found.rows.length)
            throw new ValidationError('Unknown campaign', [{ path: 'campaignId', message: 'unknown' }]);
        }
        const { rows } = await tx.query<RoundView>(
          `insert into rounds (name, starts_on, ends_on, campaign_id)
           values ($1, $2, $3, coalesce($4::bigint, default_campaign_id()))
           returning ${ROUND_COLUMNS}`,
          [round.name, round.startsOn, round.endsOn, round.campaignId ?? null],
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
  {
    method: 'post',
    path: '/api/rounds/:id/close',
    access: ['lab', 'analyst', 'admin'],
    request: { body: closeRound },
    summary:
      'Close a round with a reason: it takes no more results (rows naming it get round_closed); audited',
    async handler(req, res) {
      const { id } = roundIdParam.parse(req.params);
      const { reason } = closeRound.parse(req.body);
      const closed = await db.transaction(async (tx) => {
        const found = await tx.query<{ closed: boolean }>(
          'select closed_at is not null as closed from rounds where id = $1 for update',
          [id],
        );
        if (!found.rows[0]) throw new NotFoundError('Round');
        if (found.rows[0].closed) throw new ConflictError('The round is closed already');
        const { rows } = await tx.query<RoundView>(
          `update rounds set closed_at = now() where id = $1 returning ${ROUND_COLUMNS}`,
          [id],
        );
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'update',
          entity: 'round',
          entityId: id,
          before: { closedAt: null },
          after: { closedAt: rows[0]!.closedAt, reason },
          requestId: req.id,
        });
        return rows[0];
      });
      res.json(closed);
    },
  },
  {
    method: 'get',
    path: '/api/campaigns',
    access: 'authenticated',
    summary: 'Sampling campaigns (an area runs its own rounds; campaigns may run side by side)',
    async handler(_req, res) {
      const { rows } = await db.query<CampaignView>(`select ${CAMPAIGN_COLUMNS} from campaigns order by id`);
      res.json(rows);
    },
  },
  {
    method: 'post',
    path: '/api/campaigns',
    access: ['analyst', 'admin'],
    summary: 'Create a sampling campaign { name, areaId?, cadence? }; rounds then name it as campaignId',
    async handler(req, res) {
      const campaign = newCampaign.parse(req.body);
      const created = await db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from campaigns where name = $1', [campaign.name]);
        if (existing.rows.length) throw new ConflictError(`A campaign named ${campaign.name} exists`);
        if (campaign.areaId) {
          const area = await tx.query('select 1 from survey_areas where id = $1', [campaign.areaId]);
          if (!area.rows.length)
            throw new ValidationError('Unknown area', [{ path: 'areaId', message: 'unknown' }]);
        }
        const { rows } = await tx.query<CampaignView>(
          `insert into campaigns (name, area_id, cadence) values ($1, $2, $3) returning ${CAMPAIGN_COLUMNS}`,
          [campaign.name, campaign.areaId ?? null, campaign.cadence ?? null],
        );
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'campaign',
          entityId: rows[0]!.id,
          after: campaign,
          requestId: req.id,
        });
        return rows[0];
      });
      res.status(201).json(created);
    },
  },
];
