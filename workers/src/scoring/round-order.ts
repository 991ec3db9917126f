import type { Queryable } from '@skywater/core/db/db';

/** Rounds oldest first (by start date, then id) as SQL: `id`, `idx` from 0. Used as a CTE. */
export const ROUND_ORDER_SQL = `select id, (row_number() over (order by starts_on, id))::int - 1 as idx from rounds`;

/** Round id → position among all rounds, oldest 0. */
export async function loadRoundOrder(db: Queryable): Promise<Map<number, number>> {
  const { rows } = await db.query<{ id: number; idx: number }>(ROUND_ORDER_SQL);
  return new Map(rows.map((r) => [r.id, r.idx]));
}
