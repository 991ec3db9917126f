import type { Queryable } from '@skywater/core/db/db';
import type { PlausibilityBound } from '@skywater/core/wastewater/plausibility-bounds';

/** The bounds an admin stored (they win over the defaults in core). */
export async function loadPlausibilityBounds(db: Queryable): Promise<PlausibilityBound[]> {
  const { rows } = await db.query<PlausibilityBound>(
    `select quantity, analyte_code as "analyteCode", site_kind as "siteKind", hard_min as "hardMin",
       hard_min_exclusive as "hardMinExclusive", hard_max as "hardMax", soft_min as "softMin",
       soft_max as "softMax", source
     from plausibility_bounds order by id`,
  );
  return rows;
}
