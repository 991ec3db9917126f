import { FINDING_ACTIONS, FINDING_STATUSES } from '@skywater/core/survey/finding-status';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { z } from 'zod';
import { actorOf, findingScopeOf } from '../auth/actor';
import { officeIdField } from '../offices/office-fields';
import { visibleOfficesOf } from '../offices/office-scope';
import { visibleObjectOffice } from '../offices/owned-objects';
import type { RouteDef, RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';
import {
  createFinding,
  findingTotals,
  getFinding,
  listFindings,
  newFindingSchema,
  recordFindingStep,
} from './findings';
import { DATA_READERS } from '../auth/data-readers';

const totalsQuery = z.object({
  /** `me`: only the findings the caller recorded (what a pilot's list holds); else the offices' all. */
  recordedBy: z.enum(['me']).optional(),
});

const listQuery = z.object({
  areaId: z.coerce.number().int().positive().optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  officeId: officeIdField.optional(),
});

/**
 * Findings are sensitive (suspected illicit plots): analysts and admins read them all; pilots
 * record them and follow up the ones they recorded (others' answer 404); every logged-in user
 * sees the per-area totals. Every step is audited.
 */
export const findingRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/findings',
    access: DATA_READERS.findings,
    request: { query: listQuery },
    summary:
      'Suspected plots of the user’s offices, newest first (filters: officeId, areaId, status); pilots: those they recorded',
    async handler(req, res) {
      const { officeId, ...filter } = listQuery.parse(req.query);
      const scope = { ...findingScopeOf(req), officeIds: visibleOfficesOf(req, officeId) };
      res.json(await listFindings(db, filter, scope));
    },
  },
  {
    method: 'get',
    path: '/api/findings/totals',
    access: 'authenticated',
    request: { query: totalsQuery },
    summary:
      'How many findings each survey area of the user’s offices has at each status, and the plants and m² eradicated there (no places); recordedBy=me: the caller’s own',
    async handler(req, res) {
      const { recordedBy } = totalsQuery.parse(req.query);
      const ownOnly = recordedBy === 'me' ? (req.user?.id ?? -1) : null;
      res.json(await findingTotals(db, visibleOfficesOf(req), ownOnly));
    },
  },
  {
    method: 'get',
    path: '/api/findings/:id',
    access: DATA_READERS.findings,
    summary: 'One finding with its chain of events (pilots: one they recorded)',
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      const finding = await getFinding(db, id, findingScopeOf(req));
      if (!finding) throw new NotFoundError('Finding');
      res.json(finding);
    },
  },
  {
    method: 'post',
    path: '/api/findings',
    access: ['analyst', 'pilot'],
    request: { body: newFindingSchema },
    summary: 'Record a suspected plot (point or polygon, crop, confidence, evidence images, source)',
    async handler(req, res) {
      const input = newFindingSchema.parse(req.body);
      if (input.areaId) await visibleObjectOffice(db, req, 'area', input.areaId);
      res.status(201).json(await createFinding(db, input, actorOf(req), req.id, visibleOfficesOf(req)));
    },
  },
  ...FINDING_ACTIONS.map((action): RouteDef => ({
    method: 'post',
    path: `/api/findings/:id/${action}`,
    access: action === 'reject' ? ['analyst'] : ['analyst', 'pilot'],
    summary: `Finding chain: ${action} (422 when impossible from the current status)`,
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      res.json(await recordFindingStep(db, id, action, req.body, actorOf(req), findingScopeOf(req), req.id));
    },
  })),
];
