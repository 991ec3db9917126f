import type { AlertQuery, AlertSeverity, AlertStatus } from '../api/alerts-api';
import { alertSeverities, alertStatuses } from '../api/alerts-api';

/** How the inbox lists its alerts: one row per site with its alerts folded in, or one per alert. */
export type InboxView = 'sites' | 'list';

/** The inbox's filter: what the API is asked, and how the answer is laid out. */
export interface InboxFilter {
  status: AlertStatus | '';
  areaId: string;
  roundId: string;
  kind: string;
  severity: AlertSeverity | '';
  view: InboxView;
}

export const defaultInboxFilter: Readonly<InboxFilter> = Object.freeze({
  status: 'open',
  areaId: '',
  roundId: '',
  kind: '',
  severity: '',
  view: 'sites',
});

/** Where the browser keeps the inbox's last filter between visits. */
export const inboxFilterStorageKey = 'skywater.inbox.filter';

const idPattern = /^\d{1,18}$/;
const kindPattern = /^[a-z_]{1,64}$/;

/**
 * The filter written in `params` (`status=open&kind=spike&view=list`), each value checked;
 * a value that is not one the inbox knows is left at its default. `status=` (empty) means all.
 */
export function inboxFilterFromParams(params: URLSearchParams): InboxFilter {
  const status = params.get('status');
  const severity = params.get('severity') ?? '';
  const areaId = params.get('areaId') ?? '';
  const roundId = params.get('roundId') ?? '';
  const kind = params.get('kind') ?? '';
  return {
    status:
      status === null
        ? defaultInboxFilter.status
        : (alertStatuses as readonly string[]).includes(status)
          ? (status as AlertStatus)
          : '',
    areaId: idPattern.test(areaId) ? areaId : '',
    roundId: idPattern.test(roundId) ? roundId : '',
    kind: kindPattern.test(kind) ? kind : '',
    severity: (alertSeverities as readonly string[]).includes(severity) ? (severity as AlertSeverity) : '',
    view: params.get('view') === 'list' ? 'list' : 'sites',
  };
}

/** The filter as URL parameters; `status` is always written so "all statuses" survives a reload. */
export function inboxFilterParams(filter: InboxFilter): URLSearchParams {
  const params = new URLSearchParams();
  params.set('status', filter.status);
  for (const key of ['areaId', 'roundId', 'kind', 'severity'] as const)
    if (filter[key] !== '') params.set(key, filter[key]);
  if (filter.view !== 'sites') params.set('view', filter.view);
  return params;
}

/** What the API is asked for a filter (the view is the screen's business). */
export function alertQueryOf(filter: InboxFilter): AlertQuery {
  const { view: _view, ...query } = filter;
  return query;
}

/**
 * The filter to start with: the one in the address (`#/alerts?…`) when it has one, so a link
 * shared or bookmarked opens what it names; else the one this browser kept; else the default.
 */
export function initialInboxFilter(hash: string, storage: Pick<Storage, 'getItem'> | undefined): InboxFilter {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  if (query !== '') return inboxFilterFromParams(new URLSearchParams(query));
  let kept: string | null = null;
  try {
    kept = storage?.getItem(inboxFilterStorageKey) ?? null;
  } catch {
    // Storage refused (private mode, quota): start from the default.
  }
  return kept ? inboxFilterFromParams(new URLSearchParams(kept)) : { ...defaultInboxFilter };
}
