import type { Queryable } from '@skywater/core/db/db';
import type { OfficeKind, OfficeView } from '@skywater/core/offices/office';
import { ConflictError } from '@skywater/core/errors/app-error';

const OFFICE_COLUMNS = `o.id::int as id, o.code, o.name_zh as "nameZh", o.name_en as "nameEn", o.kind,
  o.parent_id::int as "parentId", o.territory is not null as "hasTerritory"`;

/** The offices among `officeIds`, parents before their children (depth, then code). */
export async function listOffices(db: Queryable, officeIds: number[]): Promise<OfficeView[]> {
  const { rows } = await db.query<OfficeView>(
    `with recursive depth(id, level) as (
       select id, 0 from offices where parent_id is null
       union all
       select o.id, d.level + 1 from offices o join depth d on o.parent_id = d.id
     )
     select ${OFFICE_COLUMNS} from offices o join depth d on d.id = o.id
     where o.id = any($1::bigint[]) order by d.level, o.code`,
    [officeIds],
  );
  return rows;
}

export async function getOffice(db: Queryable, id: number): Promise<OfficeView | null> {
  const { rows } = await db.query<OfficeView>(`select ${OFFICE_COLUMNS} from offices o where o.id = $1`, [id]);
  return rows[0] ?? null;
}

export interface NewOffice {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Exclude<OfficeKind, 'province'>;
  parentId: number;
  /** GeoJSON Polygon or MultiPolygon, WGS84. */
  territory?: unknown;
}

/** Adds an office below `parentId`; returns its id. The code is unique (409 otherwise). */
export async function insertOffice(tx: Queryable, office: NewOffice): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into offices (code, name_zh, name_en, kind, parent_id, territory)
     values ($1, $2, $3, $4, $5, case when $6::text is null then null
                                      else st_multi(st_setsrid(st_geomfromgeojson($6), 4326)) end)
     returning id::int as id`,
    [
      office.code,
      office.nameZh,
      office.nameEn,
      office.kind,
      office.parentId,
      office.territory ? JSON.stringify(office.territory) : null,
    ],
  );
  return rows[0]!.id;
}

/** The tables whose rows name their office: an office owning any of them cannot be deleted. */
const OWNING_TABLES = [
  'users',
  'survey_areas',
  'sites',
  'campaigns',
  'rounds',
  'import_batches',
  'flights',
  'images',
  'findings',
  'alerts',
  'audit_log',
] as const;

/**
 * Deletes an office that owns nothing: one with sub-offices or any data is refused (409
 * office_in_use, naming what it owns), and nothing changes.
 */
export async function deleteOffice(tx: Queryable, id: number): Promise<void> {
  const { rows } = await tx.query<{ owner: string }>(
    `select 'offices' as owner where exists (select from offices where parent_id = $1)
     ${OWNING_TABLES.map((t) => `union all select '${t}' where exists (select from ${t} where office_id = $1)`).join('\n     ')}`,
    [id],
  );
  if (rows.length > 0) {
    throw new ConflictError('This office still owns data or sub-offices: move or remove them first', {
      reason: 'office_in_use',
      owns: rows.map((r) => r.owner),
    });
  }
  await tx.query('delete from offices where id = $1', [id]);
}
