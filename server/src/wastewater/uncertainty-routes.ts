import { z } from 'zod';
import { COLLECTION_TYPES } from '@skywater/core/wastewater/collection-type';
import {
  COMPONENT_SCOPES,
  DEFAULT_UNCERTAINTY_SETTINGS,
  FACTOR_STATUSES,
  MAX_COMPONENT_RSD,
  UNCERTAINTY_COMPONENT_NAMES,
  UNCERTAINTY_SCOPES,
} from '@skywater/core/wastewater/uncertainty-components';
import type { UncertaintyCatalogueView } from '@skywater/core/wastewater/uncertainty-view';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import {
  loadUncertaintySettings,
  removeUncertaintySetting,
  setUncertaintySetting,
  uncertaintyHistory,
} from './uncertainty-components-store';

const scopeFields = {
  component: z.enum(UNCERTAINTY_COMPONENT_NAMES),
  scope: z.enum(UNCERTAINTY_SCOPES),
  key: z.string().trim().max(64).default(''),
};

// JSON carries no Infinity or NaN; 1e309 parses to Infinity and is refused here, as is a negative RSD.
const rsd = z
  .number({ error: 'rsd must be a number (a relative standard deviation, 0.1 = 10 %)' })
  .finite({ error: 'rsd must be finite' })
  .min(0, { error: 'rsd must not be negative' })
  .max(MAX_COMPONENT_RSD, { error: `rsd must be at most ${MAX_COMPONENT_RSD} (200 %)` });

const settingEdit = z
  .object({
    ...scopeFields,
    rsd,
    source: z.string().trim().min(1).max(2000),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

const settingRemoval = z.object({ ...scopeFields, reason: z.string().trim().min(1).max(2000) }).strict();

const historyQuery = z.object({
  component: z.enum(UNCERTAINTY_COMPONENT_NAMES).optional(),
  scope: z.enum(UNCERTAINTY_SCOPES).optional(),
  key: z.string().trim().max(64).optional(),
});

/** The uncertainty components behind every interval (docs/design.md §3 "Uncertainty"). */
export const uncertaintyRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/uncertainty-components',
    access: 'authenticated',
    summary:
      'Uncertainty components (RSD + source) of loads, normalised loads and consumption: scopes, shipped defaults, stored settings',
    async handler(_req, res) {
      const catalogue: UncertaintyCatalogueView = {
        components: UNCERTAINTY_COMPONENT_NAMES,
        scopes: COMPONENT_SCOPES,
        collectionTypes: COLLECTION_TYPES,
        factorStatuses: FACTOR_STATUSES,
        maxRsd: MAX_COMPONENT_RSD,
        defaults: DEFAULT_UNCERTAINTY_SETTINGS,
        stored: await loadUncertaintySettings(db),
      };
      res.json(catalogue);
    },
  },
  {
    method: 'put',
    path: '/api/uncertainty-components',
    access: ['admin'],
    request: { body: settingEdit },
    summary:
      'Set one component’s RSD per analyte, site, collection type, factor status or default, with its source and a reason (history, audited)',
    async handler(req, res) {
      const edit = settingEdit.parse(req.body);
      res.json(await db.transaction((tx) => setUncertaintySetting(tx, edit, actorOf(req), req.id)));
    },
  },
  {
    method: 'delete',
    path: '/api/uncertainty-components',
    access: ['admin'],
    request: { body: settingRemoval },
    summary:
      'Remove a stored component setting (the default applies again), with a reason (history, audited)',
    async handler(req, res) {
      const removal = settingRemoval.parse(req.body);
      await db.transaction((tx) => removeUncertaintySetting(tx, removal, actorOf(req), req.id));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/api/uncertainty-components/history',
    access: ['analyst', 'lab', 'admin'],
    request: { query: historyQuery },
    summary:
      'Every change of the uncertainty components (?component=&scope=&key=): before, after, reason, who, when',
    async handler(req, res) {
      res.json(await uncertaintyHistory(db, historyQuery.parse(req.query)));
    },
  },
];
