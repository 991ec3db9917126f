import type { Queryable } from '@skywater/core/db/db';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { foldCellText } from '@skywater/core/wastewater/cell-text';
import type { LabRowContext, RecordId } from '@skywater/core/wastewater/lab-rows';
import { catalogueForResolution } from './analyte-catalogue';
import { loadPlausibilityBounds } from './plausibility-bounds-store';

interface Named {
  id: number;
  officeId: number;
  officeCode: string;
}

/** Rows by folded code or name: codes and names are unique within an office, not across offices. */
function byFolded<T extends Named>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = foldCellText(keyOf(row));
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

const officesOf = (rows: Named[]) => [...new Set(rows.map((r) => r.officeCode))].sort().join(', ');

/**
 * Sites by code, rounds by name, analytes by code/name/alias, from the database; with
 * `officeIds`, only the sites and rounds of those offices (others read as unknown). A code found
 * in several of those offices is ambiguous (a row error, never a pick); a round name several of
 * them use resolves to the one of the row's site's office, and is ambiguous otherwise.
 */
export async function loadLabContext(db: Queryable, officeIds?: number[]): Promise<LabRowContext> {
  const sites = await db.query<Named & { code: string; kind: string }>(
    `select s.id, s.code, s.kind, s.office_id::int as "officeId", o.code as "officeCode"
       from sites s join offices o on o.id = s.office_id
      where $1::bigint[] is null or s.office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const rounds = await db.query<Named & { name: string; closed: boolean }>(
    `select r.id, r.name, r.closed_at is not null as closed, r.office_id::int as "officeId", o.code as "officeCode"
       from rounds r join offices o on o.id = r.office_id
      where $1::bigint[] is null or r.office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const closedRoundIds = new Set(rounds.rows.filter((r) => r.closed).map((r) => String(r.id)));
  const sitesByCode = byFolded(sites.rows, (s) => s.code);
  const roundsByName = byFolded(rounds.rows, (r) => r.name);
  const siteOffice = new Map(sites.rows.map((s) => [String(s.id), s.officeId]));
  /** The rounds a name may mean for a row: all of that name, or those of the site's office when several. */
  const roundsFor = (name: string, siteId?: RecordId) => {
    const all = roundsByName.get(foldCellText(name)) ?? [];
    if (all.length < 2 || siteId === undefined) return all;
    const office = siteOffice.get(String(siteId));
    const inSiteOffice = all.filter((r) => r.officeId === office);
    return inSiteOffice.length > 0 ? inSiteOffice : all;
  };
  const one = <T>(list: T[] | undefined) => (list?.length === 1 ? list[0] : undefined);
  return {
    siteIdByCode: (code) => one(sitesByCode.get(foldCellText(code)))?.id,
    siteKindOf: (code) => one(sitesByCode.get(foldCellText(code)))?.kind,
    ambiguousSite: (code) => {
      const list = sitesByCode.get(foldCellText(code));
      return list && list.length > 1 ? officesOf(list) : undefined;
    },
    plausibilityBounds: await loadPlausibilityBounds(db),
    roundIdByName: (name, siteId) => one(roundsFor(name, siteId))?.id,
    ambiguousRound: (name, siteId) => {
      const list = roundsFor(name, siteId);
      return list.length > 1 ? officesOf(list) : undefined;
    },
    roundClosed: (roundId) => closedRoundIds.has(String(roundId)),
    resolveAnalyte: analyteResolver(await catalogueForResolution(db)),
    locale: 'en',
  };
}
