import type { Queryable } from '@skywater/core/db/db';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { foldCellText } from '@skywater/core/wastewater/cell-text';
import type { LabRowContext, RecordId } from '@skywater/core/wastewater/lab-rows';
import { catalogueForResolution } from './analyte-catalogue';
import { loadPlausibilityBounds } from './plausibility-bounds-store';

/**
 * Sites by code, rounds by name, analytes by code/name/alias, from the database; with
 * `officeIds`, only the sites and rounds of those offices (others read as unknown).
 *
 * A round name is unique within an office only (sql/031): a row's round is the one of that name
 * whose office is the row's site's office or an office above it (a city's campaign may sample its
 * districts' sites; the province's, every site). None: `unknown_round`; several (a province round
 * and a city round of one name, both visible): `ambiguous_round`, never a guess.
 */
export async function loadLabContext(db: Queryable, officeIds?: number[]): Promise<LabRowContext> {
  const sites = await db.query<{ id: number; code: string; kind: string; office_id: number }>(
    `select id, code, kind, office_id::int as office_id from sites
      where $1::bigint[] is null or office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const rounds = await db.query<{ id: number; name: string; closed: boolean; office_id: number }>(
    `select id, name, closed_at is not null as closed, office_id::int as office_id from rounds
      where $1::bigint[] is null or office_id = any($1::bigint[])`,
    [officeIds ?? null],
  );
  const offices = await db.query<{ id: number; parent_id: number | null }>(
    `select id::int as id, parent_id::int as parent_id from offices`,
  );
  const parentOf = new Map(offices.rows.map((o) => [o.id, o.parent_id]));
  const closedRoundIds = new Set(rounds.rows.filter((r) => r.closed).map((r) => String(r.id)));
  const siteIdByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.id]));
  const siteKindByCode = new Map(sites.rows.map((s) => [foldCellText(s.code), s.kind]));
  const siteOfficeById = new Map(sites.rows.map((s) => [String(s.id), s.office_id]));
  const roundsByName = new Map<string, { id: number; officeId: number }[]>();
  for (const r of rounds.rows) {
    const key = foldCellText(r.name);
    const named = roundsByName.get(key) ?? [];
    named.push({ id: r.id, officeId: r.office_id });
    roundsByName.set(key, named);
  }
  /** The site's office and every office above it. */
  const officeChains = new Map<number, Set<number>>();
  const chainOf = (officeId: number): Set<number> => {
    let chain = officeChains.get(officeId);
    if (!chain) {
      chain = new Set<number>();
      for (let id: number | null | undefined = officeId; id != null && !chain.has(id); id = parentOf.get(id))
        chain.add(id);
      officeChains.set(officeId, chain);
    }
    return chain;
  };
  const candidates = (name: string, siteId: RecordId | undefined) => {
    const named = roundsByName.get(foldCellText(name)) ?? [];
    const siteOffice = siteId === undefined ? undefined : siteOfficeById.get(String(siteId));
    if (siteOffice === undefined) return named;
    const chain = chainOf(siteOffice);
    return named.filter((r) => chain.has(r.officeId));
  };
  return {
    siteIdByCode: (code) => siteIdByCode.get(foldCellText(code)),
    siteKindOf: (code) => siteKindByCode.get(foldCellText(code)),
    plausibilityBounds: await loadPlausibilityBounds(db),
    // A row of an unknown site is refused for its site; its round only needs to exist.
    roundIdByName: (name, siteId) => {
      const found = candidates(name, siteId);
      return found.length === 1 || (siteId === undefined && found.length > 1) ? found[0]!.id : undefined;
    },
    roundAmbiguous: (name, siteId) => siteId !== undefined && candidates(name, siteId).length > 1,
    roundClosed: (roundId) => closedRoundIds.has(String(roundId)),
    resolveAnalyte: analyteResolver(await catalogueForResolution(db)),
    locale: 'en',
  };
}
