import type { AuditActor } from '@skywater/core/audit/audit-log';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { ANALYTE_CATALOGUE, type Analyte } from '@skywater/core/wastewater/analytes';
import type { AnalyteRevision, StoredAnalyte } from '@skywater/core/wastewater/analyte-view';

const COLUMNS = `code, name_en as "name", name_en as "nameEn", name_zh as "nameZh", aliases, residue,
  parent_drug as "parentDrug", molar_mass_drug_g_per_mol as "molarMassDrugGPerMol",
  molar_mass_residue_g_per_mol as "molarMassResidueGPerMol", excreted_fraction as "excretedFraction",
  correction_factor as "correctionFactor", provisional, priority, source, updated_at as "updatedAt"`;

export async function listAnalytes(db: Queryable): Promise<StoredAnalyte[]> {
  const { rows } = await db.query<StoredAnalyte>(`select ${COLUMNS} from analytes order by code`);
  return rows;
}

export async function getAnalyte(db: Queryable, code: string): Promise<StoredAnalyte | undefined> {
  const { rows } = await db.query<StoredAnalyte>(`select ${COLUMNS} from analytes where code = $1`, [code]);
  return rows[0];
}

/**
 * The stored catalogue in core's `Analyte` shape, for name resolution (`analyteResolver`). The
 * role comes from the seed catalogue (population markers have no factor).
 */
export async function catalogueForResolution(db: Queryable): Promise<Analyte[]> {
  return catalogueOf(await listAnalytes(db));
}

/** The stored analytes (`listAnalytes`) in core's `Analyte` shape. */
export function catalogueOf(stored: StoredAnalyte[]): Analyte[] {
  const seeded = new Map(ANALYTE_CATALOGUE.map((a) => [a.code, a]));
  return stored.map((a) => ({
    code: a.code,
    nameEn: a.nameEn,
    nameZh: a.nameZh,
    aliases: a.aliases,
    role: seeded.get(a.code)?.role ?? 'drug_residue',
    residue: a.residue,
    parentDrug: a.parentDrug ?? a.residue,
    molarMassDrugGPerMol: a.molarMassDrugGPerMol ?? 0,
    molarMassResidueGPerMol: a.molarMassResidueGPerMol ?? 0,
    excretedFraction: a.excretedFraction,
    correctionFactor: a.correctionFactor,
    provisional: a.provisional,
    source: a.source ?? '',
  }));
}

/** What an admin may change in an analyte; `reason` is required and kept in its history. */
export interface AnalyteEdit {
  correctionFactor?: number | null;
  excretedFraction?: number | null;
  provisional?: boolean;
  priority?: boolean;
  source?: string | null;
  nameZh?: string;
  nameEn?: string;
  aliases?: string[];
  reason: string;
}

const EDITABLE: Record<Exclude<keyof AnalyteEdit, 'reason'>, string> = {
  correctionFactor: 'correction_factor',
  excretedFraction: 'excreted_fraction',
  provisional: 'provisional',
  priority: 'priority',
  source: 'source',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  aliases: 'aliases',
};

/**
 * Changes an analyte (factor, provisional or priority flag, source, names) in one transaction: the row is
 * locked, updated, its before/after kept in `analyte_revisions` with the reason, and audited.
 */
export async function editAnalyte(
  tx: Queryable,
  code: string,
  edit: AnalyteEdit,
  actor: AuditActor | null,
  requestId?: string,
): Promise<{ analyte: StoredAnalyte; revisionId: number }> {
  const locked = await tx.query(`select 1 from analytes where code = $1 for update`, [code]);
  if (locked.rows.length === 0) throw new NotFoundError('Analyte');
  const before = (await getAnalyte(tx, code))!;
  const sets: string[] = [];
  const params: unknown[] = [code];
  for (const [key, column] of Object.entries(EDITABLE) as [keyof typeof EDITABLE, string][]) {
    if (edit[key] === undefined) continue;
    params.push(edit[key]);
    sets.push(`${column} = $${params.length}`);
  }
  sets.push('updated_at = now()');
  await tx.query(`update analytes set ${sets.join(', ')} where code = $1`, params);
  const after = (await getAnalyte(tx, code))!;
  const { rows } = await tx.query<{ id: number }>(
    `insert into analyte_revisions (analyte_code, before, after, reason, actor_id, actor_name, request_id)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      code,
      JSON.stringify(before),
      JSON.stringify(after),
      edit.reason,
      actor?.id ?? null,
      actor?.username ?? 'system',
      requestId ?? null,
    ],
  );
  await recordAudit(tx, {
    actor,
    action: 'update',
    entity: 'analyte',
    entityId: code,
    before,
    after: { ...after, reason: edit.reason },
    requestId,
  });
  return { analyte: after, revisionId: rows[0]!.id };
}

export async function analyteHistory(db: Queryable, code: string): Promise<AnalyteRevision[]> {
  const { rows } = await db.query<AnalyteRevision>(
    `select id, before, after, reason, actor_name as "actorName", at from analyte_revisions
     where analyte_code = $1 order by id`,
    [code],
  );
  return rows;
}
