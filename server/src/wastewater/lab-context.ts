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
 * them use resolves among the rounds of the row's site's office or an office above it (a city's
 * campaign samples its districts' sites; the province's, every site), and is ambiguous when
 * several of those share it.
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
  const offices = await db.query<{ id: number; parentId: number | null }>(
    `select id::int as id, parent_id::int as "parentId" from offices`,
  );
  const parentOf = new Map(offices.rows.map((o) => [o.id, o.parentId]));
  /** An office and every office above it. */
  const chainOf = (officeId: number): Set<number> => {
    const chain = new Set<number>();
    for (let id: number | null | undefined = officeId; id != null && !chain.has(id); id = parentOf.get(id))
      chain.add(id);
    return chain;
  };
  const closedRoundIds = new Set(rounds.rows.filter((r) => r.closed).map((r) => String(r.id)));
  const sitesByCode = byFolded(sites.rows, (s) => s.code);
  const roundsByName = byFolded(rounds.rows, (r) => r.name);
  const siteOffice = new Map(sites.rows.map((s) => [String(s.id), s.officeId]));
  /**
   * The rounds a name may mean for a row: of a known site, those of its office or above; of an
   * unknown site (refused for its site), all of that name. Several: ambiguous, never a guess.
   */
  const roundsFor = (name: string, siteId?: RecordId) => {
    const all = roundsByName.get(foldCellText(name)) ?? [];
    const office = siteId === undefined ? undefined : siteOffice.get(String(siteId));
    if (office === undefined) return all;
    const chain = chainOf(office);
    return all.filter((r) => chain.has(r.officeId));
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
