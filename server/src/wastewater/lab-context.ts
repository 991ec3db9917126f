import type { Queryable } from '@skywater/core/db/db';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { foldCellText } from '@skywater/core/wastewater/cell-text';
import type { LabRowContext } from '@skywater/core/wastewater/lab-rows';
import { catalogueForResolution } from './analyte-catalogue';
import { loadPlausibilityBounds } from './plausibility-bounds-store';

/**
 * Sites by code, rounds by name, analytes by code/name/alias, from the database; with
 * `officeIds`, only the sites and rounds of those offices (others read as unknown).
 */
export async function loadLabContext(db: Queryable, officeIds?: number[]): Promise<LabRowContext> {
  const sites = await db.query<{ id: number; code: string; kind: string }>(
    `select id, code, kind from sites where $1::bigint[] is null or office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const rounds = await db.query<{ id: number; name: string; closed: boolean }>(
    `select id, name, closed_at is not null as closed from rounds
      where $1::bigint[] is null or office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const closedRoundIds = new Set(rounds.rows.filter((r) => r.closed).map((r) => String(r.id)));
  const siteIdByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.id]));
  const siteKindByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.kind]));
  const roundIdByName = new Map(rounds.rows.map((r) => [foldCellText(r.name), r.id]));
  return {
    siteIdByCode: (code) => siteIdByCode.get(foldCellText(code)),
    siteKindOf: (code) => siteKindByCode.get(foldCellText(code)),
    plausibilityBounds: await loadPlausibilityBounds(db),
    roundIdByName: (name) => roundIdByName.get(foldCellText(name)),
    roundClosed: (roundId) => closedRoundIds.has(String(roundId)),
    resolveAnalyte: analyteResolver(await catalogueForResolution(db)),
    locale: 'en',
  };
}
