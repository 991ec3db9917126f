import type { Queryable } from '@skywater/core/db/db';

/**
 * The campaign a round joins when none is named: the office's default campaign (no area), made
 * the first time; the province's is the global default campaign of sql/017.
 */
export async function officeDefaultCampaign(tx: Queryable, officeId: number): Promise<number> {
  const found = await tx.query<{ id: number }>(
    `select id from campaigns where office_id = $1 and area_id is null order by id limit 1`,
    [officeId],
  );
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await tx.query<{ id: number }>(
    `insert into campaigns (name, cadence, office_id)
     select name_zh || ' 默认 / ' || name_en || ' default', 'ad_hoc', id from offices where id = $1
     on conflict (office_id, name) do update set name = excluded.name
     returning id`,
    [officeId],
  );
  return rows[0]!.id;
}
