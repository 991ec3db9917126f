import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db, Queryable } from '@skywater/core/db/db';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { pointSchemaOrArea } from './finding-geometry';
import {
  findingEventKind,
  RESURVEY_OUTCOMES,
  VERIFY_OUTCOMES,
  nextFindingStatus,
  type FindingAction,
  type FindingOutcome,
  type FindingStatus,
} from '@skywater/core/survey/finding-status';
import {
  FINDING_CROPS,
  FINDING_SOURCES,
  type FindingDetail,
  type FindingTotal,
  type FindingView,
} from '@skywater/core/survey/finding-view';
import { z } from 'zod';

/**
 * Whose findings a reader may see: every one (analysts, admins: `recordedBy` null), or only
 * those they recorded themselves (pilots, who follow up their own reports). Others' findings
 * answer 404, as if absent; area totals (`findingTotals`) are open to every logged-in user.
 */
export interface FindingScope {
  recordedBy: number | null;
  /** The offices whose findings may be read; null: every office (the system's own reads). */
  officeIds: number[] | null;
}
export const ALL_FINDINGS: FindingScope = { recordedBy: null, officeIds: null };

const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex');
const photo = z.object({
  name: z.string().trim().min(1).max(255),
  sha256: sha256.optional(),
  imageId: z.number().int().positive().optional(),
});
const when = z.iso.datetime({ offset: true });

export const newFindingSchema = z.object({
  geometry: pointSchemaOrArea,
  crop: z.enum(FINDING_CROPS),
  confidence: z.number().min(0).max(1),
  source: z.enum(FINDING_SOURCES),
  evidence: z
    .array(z.object({ imageId: z.number().int().positive(), sha256: sha256.optional() }))
    .max(200)
    .default([]),
  areaId: z.number().int().positive().optional(),
  note: z.string().trim().max(4000).optional(),
});
export type NewFinding = z.infer<typeof newFindingSchema>;

/** What each step of the chain records. */
export const findingActionSchemas = {
  verify: z.object({
    team: z.string().trim().min(1).max(200),
    at: when,
    outcome: z.enum(VERIFY_OUTCOMES),
    photos: z.array(photo).max(200).default([]),
    plants: z.number().int().min(0).optional(),
    note: z.string().trim().max(4000).optional(),
  }),
  eradicate: z.object({
    team: z.string().trim().min(1).max(200),
    at: when,
    areaM2: z.number().min(0).max(1e8),
    plants: z.number().int().min(0),
    method: z.string().trim().max(200).optional(),
    photos: z.array(photo).max(200).default([]),
    note: z.string().trim().max(4000).optional(),
  }),
  reject: z.object({
    reason: z.string().trim().min(1).max(2000),
    at: when.optional(),
  }),
  resurvey: z.object({
    at: when,
    outcome: z.enum(RESURVEY_OUTCOMES),
    team: z.string().trim().max(200).optional(),
    flightId: z.number().int().positive().optional(),
    imageIds: z.array(z.number().int().positive()).max(500).default([]),
    note: z.string().trim().max(4000).optional(),
  }),
} satisfies Record<FindingAction, z.ZodType>;

const FINDING_COLUMNS = `f.id, f.area_id as "areaId", f.office_id::int as "officeId", st_asgeojson(f.geom, 7)::json as geometry, f.crop, f.confidence,
  f.source, f.status, f.evidence, f.note, f.created_by_name as "createdBy", f.created_at as "createdAt",
  f.updated_at as "updatedAt"`;

/**
 * Records a suspected plot. Evidence photos are looked up: each must exist, and its SHA-256 is
 * stored beside its id (a given sha256 must match the stored one), so the evidence stays
 * verifiable even if a file is later re-uploaded. The area is the one the geometry lies in
 * unless given.
 */
export async function createFinding(
  db: Db,
  input: NewFinding,
  actor: AuditActor | null,
  requestId?: string,
  officeIds: number[] | null = null,
) {
  const id = await db.transaction(async (tx) => {
    const evidence = await resolveEvidence(tx, input.evidence);
    const { rows } = await tx.query<{ id: number }>(
      `insert into findings (area_id, geom, crop, confidence, source, evidence, note, created_by, created_by_name)
       select coalesce($1, (select a.id from survey_areas a where st_intersects(a.geom, g.g)
                              and ($10::bigint[] is null or a.office_id = any($10::bigint[]))
                            order by a.id limit 1)),
              g.g, $3, $4, $5, $6, $7, $8, $9
       from (select st_setsrid(st_geomfromgeojson($2), 4326) as g) g
       returning id`,
      [
        input.areaId ?? null,
        JSON.stringify(input.geometry),
        input.crop,
        input.confidence,
        input.source,
        JSON.stringify(evidence),
        input.note ?? null,
        actor?.id ?? null,
        actor?.username ?? null,
        officeIds,
      ],
    );
    const findingId = rows[0]!.id;
    await recordAudit(tx, {
      actor,
      action: 'create',
      entity: 'finding',
      entityId: findingId,
      after: { ...input, evidence },
      requestId,
    });
    return findingId;
  });
  return (await getFinding(db, id, ALL_FINDINGS))!;
}

async function resolveEvidence(tx: Queryable, evidence: NewFinding['evidence']) {
  if (evidence.length === 0) return [];
  const { rows } = await tx.query<{ id: number; sha256: string; name: string }>(
    `select id, sha256, original_name as name from images where id = any($1::bigint[])`,
    [evidence.map((e) => e.imageId)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems: { path: string; message: string }[] = [];
  const resolved = evidence.map((e, i) => {
    const image = byId.get(e.imageId);
    if (!image) problems.push({ path: `evidence.${i}.imageId`, message: `no image ${e.imageId}` });
    else if (e.sha256 && e.sha256.toLowerCase() !== image.sha256)
      problems.push({ path: `evidence.${i}.sha256`, message: `does not match image ${e.imageId}'s SHA-256` });
    return { imageId: e.imageId, sha256: image?.sha256, name: image?.name };
  });
  if (problems.length) throw new ValidationError('The evidence does not match the stored images', problems);
  return resolved;
}

/**
 * One step of a finding's chain: checks the transition (422 when impossible), appends the
 * event, moves the status, audits, all in one transaction under a row lock.
 */
export async function recordFindingStep(
  db: Db,
  findingId: number,
  action: FindingAction,
  body: unknown,
  actor: AuditActor | null,
  scope: FindingScope,
  requestId?: string,
) {
  const detail = findingActionSchemas[action].parse(body) as Record<string, unknown>;
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: FindingStatus }>(
      `select status from findings where id = $1 and ($2::bigint is null or created_by = $2) for update`,
      [findingId, scope.recordedBy],
    );
    if (!rows[0]) throw new NotFoundError('Finding');
    const from = rows[0].status;
    const to = nextFindingStatus(from, action, detail.outcome as FindingOutcome | undefined);
    const at = (detail.at as string | undefined) ?? new Date().toISOString();
    const { rows: event } = await tx.query<{ id: number }>(
      `insert into finding_events (finding_id, kind, at, team, outcome, detail, actor_id, actor_name, from_status, to_status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        findingId,
        findingEventKind(action),
        at,
        (detail.team as string | undefined) ?? null,
        (detail.outcome as string | undefined) ??
          (action === 'reject' ? 'rejected' : action === 'eradicate' ? 'eradicated' : null),
        JSON.stringify(detail),
        actor?.id ?? null,
        actor?.username ?? null,
        from,
        to,
      ],
    );
    await tx.query(`update findings set status = $2, updated_at = now() where id = $1`, [findingId, to]);
    await recordAudit(tx, {
      actor,
      action,
      entity: 'finding',
      entityId: findingId,
      before: { status: from },
      after: { status: to, eventId: event[0]!.id, ...detail },
      requestId,
    });
  });
  return (await getFinding(db, findingId, ALL_FINDINGS))!;
}

/** A finding with its whole chain of events, oldest first. */
export async function getFinding(
  db: Queryable,
  id: number,
  scope: FindingScope,
): Promise<FindingDetail | null> {
  const { rows } = await db.query<FindingDetail>(
    `select ${FINDING_COLUMNS},
       coalesce((select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'at', e.at, 'team', e.team,
          'outcome', e.outcome, 'detail', e.detail, 'actor', e.actor_name, 'fromStatus', e.from_status,
          'toStatus', e.to_status, 'recordedAt', e.created_at) order by e.id)
        from finding_events e where e.finding_id = f.id), '[]'::json) as events
     from findings f where f.id = $1 and ($2::bigint is null or f.created_by = $2)
       and ($3::bigint[] is null or f.office_id = any($3::bigint[]))`,
    [id, scope.recordedBy, scope.officeIds],
  );
  return rows[0] ?? null;
}

export async function listFindings(
  db: Queryable,
  filter: { areaId?: number; status?: FindingStatus },
  scope: FindingScope,
): Promise<FindingView[]> {
  const { rows } = await db.query<FindingView>(
    `select ${FINDING_COLUMNS} from findings f
     where ($1::bigint is null or f.area_id = $1) and ($2::text is null or f.status = $2)
       and ($3::bigint is null or f.created_by = $3)
       and ($4::bigint[] is null or f.office_id = any($4::bigint[]))
     order by f.created_at desc, f.id desc`,
    [filter.areaId ?? null, filter.status ?? null, scope.recordedBy, scope.officeIds],
  );
  return rows;
}

/**
 * Per survey area of the given offices, how many findings are at each status, and the plants and
 * ground eradicated there (the eradication steps' `plants` and `areaM2`); no places, no details.
 * With `recordedBy`, only the findings that user recorded (what a pilot's list shows).
 */
export async function findingTotals(
  db: Queryable,
  officeIds: number[],
  recordedBy: number | null = null,
): Promise<FindingTotal[]> {
  const { rows } = await db.query<FindingTotal>(
    `with counts as (
       select area_id, status, count(*)::int as count from findings
       where office_id = any($1::bigint[]) and ($2::bigint is null or created_by = $2)
       group by area_id, status
     ), eradicated as (
       select f.area_id, sum((e.detail->>'plants')::numeric) as plants, sum((e.detail->>'areaM2')::numeric) as area_m2
       from finding_events e join findings f on f.id = e.finding_id
       where e.kind = 'eradication' and f.office_id = any($1::bigint[])
         and ($2::bigint is null or f.created_by = $2)
       group by f.area_id
     )
     select a.id as "areaId", a.name as "areaName",
            json_object_agg(t.status, t.count order by t.status) as "byStatus",
            coalesce(max(r.plants), 0)::float8 as "plantsEradicated",
            coalesce(max(r.area_m2), 0)::float8 as "areaEradicatedM2"
     from counts t
     left join survey_areas a on a.id = t.area_id
     left join eradicated r on r.area_id is not distinct from t.area_id
     group by a.id, a.name
     order by a.id nulls last`,
    [officeIds, recordedBy],
  );
  return rows;
}
