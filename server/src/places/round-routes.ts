import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { CADENCES, type CampaignView, type RoundView } from '@skywater/core/wastewater/round-view';
import { actorOf } from '../auth/actor';
import { officeDefaultCampaign } from '../offices/office-campaigns';
import { officeIdField } from '../offices/office-fields';
import { officeForNew, officeScopeOf, visibleOfficesOf } from '../offices/office-scope';
import { visibleObjectOffice } from '../offices/owned-objects';
import type { RouteModule } from '../http/route-table';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const newRound = z
  .object({
    name: z.string().trim().min(1).max(100),
    startsOn: isoDate,
    endsOn: isoDate,
    /** The campaign the round belongs to; default the global default campaign. */
    campaignId: z.number().int().positive().optional(),
    /** Without a campaign: the office whose default campaign it joins (one the user may see; default their own). */
    officeId: officeIdField.optional(),
  })
  .refine((r) => r.endsOn >= r.startsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] });

const ROUND_COLUMNS = `id, name, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn",
  campaign_id as "campaignId", closed_at as "closedAt", office_id::int as "officeId"`;
const listQuery = z.object({ officeId: officeIdField.optional() });

const roundIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const closeRound = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

const newCampaign = z
  .object({
    name: z.string().trim().min(1).max(200),
    areaId: z.number().int().positive().nullable().optional(),
    cadence: z.enum(CADENCES).optional(),
    officeId: officeIdField.optional(),
  })
  .strict();
const CAMPAIGN_COLUMNS = `id, name, area_id as "areaId",
  (select a.name from survey_areas a where a.id = campaigns.area_id) as "areaName", cadence, created_at as "createdAt", office_id::int as "officeId"`;

export const roundRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/rounds',
    access: 'authenticated',
    request: { query: listQuery },
    summary: 'Sampling rounds of the offices the user may see (?officeId= narrows), oldest first',
    async handler(req, res) {
      const { officeId } = listQuery.parse(req.query);
      const { rows } = await db.query<RoundView>(
        `select ${ROUND_COLUMNS} from rounds where office_id = any($1::bigint[]) order by starts_on, id`,
        [visibleOfficesOf(req, officeId)],
      );
      res.json(rows);
    },
  },
  {
    method: 'post',
    path: '/api/rounds',
    access: ['lab', 'analyst', 'admin'],
    request: { body: newRound },
    summary:
      'Create a sampling round (in campaignId, one of the user’s offices; else the default campaign of officeId, default the user’s office); its name is unique within its office (409)',
    async handler(req, res) {
      const round = newRound.parse(req.body);
      const visible = officeScopeOf(req).visibleOfficeIds;
      const created = await db.transaction(async (tx) => {
        let officeId = officeForNew(req, round.officeId);
        if (round.campaignId !== undefined) {
          const found = await tx.query<{ officeId: number }>(
            'select office_id::int as "officeId" from campaigns where id = $1 and office_id = any($2::bigint[])',
            [round.campaignId, visible],
          );
          if (!found.rows[0])
            throw new ValidationError('Unknown campaign', [{ path: 'campaignId', message: 'unknown' }]);
          if (round.officeId !== undefined && round.officeId !== found.rows[0].officeId)
            throw new ValidationError('The campaign belongs to another office', [
              { path: 'campaignId', message: 'office' },
            ]);
          officeId = found.rows[0].officeId;
        }
        // A round takes its campaign's office; its name is unique within that office.
        const existing = await tx.query('select 1 from rounds where name = $1 and office_id = $2', [
          round.name,
          officeId,
        ]);
        if (existing.rows.length)
          throw new ConflictError(`A round named ${round.name} exists in this office`, {
            reason: 'duplicate_in_office',
            officeId,
          });
        const campaignId = round.campaignId ?? (await officeDefaultCampaign(tx, officeId));
        const { rows } = await tx.query<RoundView>(
          `insert into rounds (name, starts_on, ends_on, campaign_id)
           values ($1, $2, $3, $4::bigint)
           returning ${ROUND_COLUMNS}`,
          [round.name, round.startsOn, round.endsOn, campaignId],
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
    request: { query: listQuery },
    summary:
      'Sampling campaigns of the offices the user may see, each with its area’s name (?officeId= narrows; an area runs its own rounds; campaigns may run side by side)',
    async handler(req, res) {
      const { officeId } = listQuery.parse(req.query);
      const { rows } = await db.query<CampaignView>(
        `select ${CAMPAIGN_COLUMNS} from campaigns where office_id = any($1::bigint[]) order by id`,
        [visibleOfficesOf(req, officeId)],
      );
      res.json(rows);
    },
  },
  {
    method: 'post',
    path: '/api/campaigns',
    access: ['analyst', 'admin'],
    summary:
      'Create a sampling campaign { name, areaId?, cadence?, officeId? } (office: officeId, else the area’s, else the user’s; name unique within the office, 409); rounds then name it as campaignId',
    async handler(req, res) {
      const campaign = newCampaign.parse(req.body);
      const areaOffice = campaign.areaId ? await visibleObjectOffice(db, req, 'area', campaign.areaId) : null;
      const officeId = officeForNew(req, campaign.officeId ?? areaOffice);
      if (areaOffice !== null && areaOffice !== officeId)
        throw new ValidationError('The area belongs to another office', [
          { path: 'areaId', message: 'office' },
        ]);
      const created = await db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from campaigns where name = $1 and office_id = $2', [
          campaign.name,
          officeId,
        ]);
        if (existing.rows.length)
          throw new ConflictError(`A campaign named ${campaign.name} exists in this office`, {
            reason: 'duplicate_in_office',
            officeId,
          });
        if (campaign.areaId) {
          const area = await tx.query('select 1 from survey_areas where id = $1', [campaign.areaId]);
          if (!area.rows.length)
            throw new ValidationError('Unknown area', [{ path: 'areaId', message: 'unknown' }]);
        }
        const { rows } = await tx.query<CampaignView>(
          `insert into campaigns (name, area_id, cadence, office_id) values ($1, $2, $3, $4) returning ${CAMPAIGN_COLUMNS}`,
          [campaign.name, campaign.areaId ?? null, campaign.cadence ?? null, officeId],
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
