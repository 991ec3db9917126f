import type { Queryable } from '@skywater/core/db/db';
import type { OfficeOutline } from './province-map-svg';

/**
 * Each office's shape on the province map: its territory when it has one, else the districts
 * (the deployment's boundary table) holding the sites of the office and its sub-offices; simplified
 * to about 100 m, which a map of a province 640 px wide cannot tell apart. An office with neither
 * has no shape (the bulletin lists it in its tables only).
 */
export async function loadOfficeOutlines(
  db: Queryable,
  officeIds: readonly number[],
): Promise<Map<number, OfficeOutline>> {
  if (officeIds.length === 0) return new Map();
  const { rows } = await db.query<OfficeOutline & { id: number }>(
    `select o.id::int as id,
            st_asgeojson(st_multi(st_simplifypreservetopology(g.geom, 0.001)), 5)::json as outline,
            json_build_array(st_x(l.p), st_y(l.p)) as "labelAt"
       from offices o
       cross join lateral (
         select coalesce(o.territory, (
           select st_union(d.geom) from districts d
            where exists (select 1 from sites st
                           where st.office_id in (select office_subtree(o.id)) and st_intersects(d.geom, st.geom))
         )) as geom) g
       cross join lateral (select st_pointonsurface(g.geom) as p) l
      where o.id = any($1::bigint[]) and g.geom is not null`,
    [officeIds],
  );
  return new Map(rows.map(({ id, ...outline }) => [id, outline]));
}
