import type { Request, RequestHandler } from 'express';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { officeScopeOf } from './office-scope';

/**
 * The objects a route's first path parameter can name, each with the label its own handler uses
 * in a 404 (an object of an office the session may not see answers exactly as an absent one) and
 * the query that finds its office: its own column, or through its site.
 */
export const OWNED_KINDS = {
  area: { label: 'Survey area', officeOf: 'select office_id from survey_areas where id = $1' },
  site: { label: 'Site', officeOf: 'select office_id from sites where id = $1' },
  round: { label: 'Round', officeOf: 'select office_id from rounds where id = $1' },
  import: { label: 'Import batch', officeOf: 'select office_id from import_batches where id = $1' },
  sample: {
    label: 'Sample',
    officeOf: 'select st.office_id from samples s join sites st on st.id = s.site_id where s.id = $1',
  },
  measurement: {
    label: 'Measurement',
    officeOf: `select st.office_id from measurements m join samples s on s.id = m.sample_id
               join sites st on st.id = s.site_id where m.id = $1`,
  },
  alert: { label: 'Alert', officeOf: 'select office_id from alerts where id = $1' },
  flight: { label: 'Flight', officeOf: 'select office_id from flights where id = $1' },
  image: { label: 'Image', officeOf: 'select office_id from images where id = $1' },
  finding: { label: 'Finding', officeOf: 'select office_id from findings where id = $1' },
  user: { label: 'User', officeOf: 'select office_id from users where username = lower($1)' },
  office: { label: 'Office', officeOf: 'select id as office_id from offices where id = $1' },
} as const;
export type OwnedKind = keyof typeof OWNED_KINDS;

/** `shared`: the parameter names reference data of the whole deployment (analytes, basemaps, tile layers). */
export type RouteOwner = OwnedKind | 'shared';

const OWNER_BY_PATH: ReadonlyArray<[prefix: string, owner: RouteOwner]> = [
  ['/api/areas/:id', 'area'],
  ['/api/sites/:id', 'site'],
  ['/api/rounds/:id', 'round'],
  ['/api/lab/imports/:id', 'import'],
  ['/api/samples/:id', 'sample'],
  ['/api/measurements/:id', 'measurement'],
  ['/api/alerts/:id', 'alert'],
  ['/api/flights/:id', 'flight'],
  ['/api/images/:id', 'image'],
  ['/api/findings/:id', 'finding'],
  ['/api/users/:username', 'user'],
  ['/api/offices/:id', 'office'],
  ['/api/analytes/:code', 'shared'],
  ['/api/basemaps/:name', 'shared'],
  ['/basemaps/:name', 'shared'],
  ['/tiles/:layer', 'shared'],
];

/**
 * What a route's path parameter names, read from its path: null for a route without one, and
 * undefined for a parameter no entry above covers (the role × office matrix refuses those).
 */
export function ownerOfPath(path: string): RouteOwner | null | undefined {
  if (!path.includes(':')) return null;
  return OWNER_BY_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`))?.[1];
}

/** The office of an object, null when there is none. */
export async function officeOfObject(db: Queryable, kind: OwnedKind, key: string): Promise<number | null> {
  if (kind !== 'user' && !/^\d{1,15}$/.test(key)) return null;
  const { rows } = await db.query<{ office_id: number }>(OWNED_KINDS[kind].officeOf, [key]);
  return rows[0] ? Number(rows[0].office_id) : null;
}

/**
 * Before a route's handler: the object its path names, if it belongs to an office this session may
 * not see, answers 404 as if absent. An absent object, or a malformed id, is left to the handler.
 */
export function ownedObjectGuard(db: Queryable, path: string): RequestHandler | null {
  const owner = ownerOfPath(path);
  if (!owner || owner === 'shared') return null;
  const param = path.slice(path.indexOf(':') + 1).split(/[/.]/)[0]!;
  return async (req, _res, next) => {
    if (!req.user) return next();
    const key = String(req.params[param] ?? '');
    const officeId = await officeOfObject(db, owner, key);
    if (officeId !== null && !officeScopeOf(req).visibleOfficeIds.includes(officeId)) {
      throw new NotFoundError(OWNED_KINDS[owner].label);
    }
    next();
  };
}

/**
 * An object a request names in its body or query (`areaId`, `siteId`...): its office when the
 * session may see it; 404 as if absent when it is another office's. An absent one gives null.
 */
export async function visibleObjectOffice(
  db: Queryable,
  req: Request,
  kind: OwnedKind,
  id: number | string,
): Promise<number | null> {
  const officeId = await officeOfObject(db, kind, String(id));
  if (officeId !== null && !officeScopeOf(req).visibleOfficeIds.includes(officeId)) {
    throw new NotFoundError(OWNED_KINDS[kind].label);
  }
  return officeId;
}
