import type { Queryable } from '@skywater/core/db/db';

/** How many of an area's photos are kept out of its coverage, and by which QC flag. */
export interface CoverageExclusions {
  /** Photos of the area's flights kept out of coverage (each counted once). */
  excludedPhotos: number;
  /** Photos per excluding flag; a photo with two flags counts under both. */
  byReason: Record<string, number>;
}

/**
 * The coverage exclusions of an area's photos (those of the flights assigned to the area),
 * from `images.coverage_excluded` and its reasons (image-qc.ts, COVERAGE_EXCLUDING_FLAGS).
 */
export async function areaCoverageExclusions(db: Queryable, areaId: number): Promise<CoverageExclusions> {
  const { rows } = await db.query<{ reason: string | null; photos: number }>(
    `select r.reason, count(*)::int as photos
     from images i join flights f on f.id = i.flight_id
     cross join lateral unnest(case when cardinality(i.coverage_exclusion_reasons) = 0 then array[null::text]
                                    else i.coverage_exclusion_reasons end) as r(reason)
     where f.area_id = $1 and i.coverage_excluded
     group by r.reason order by r.reason`,
    [areaId],
  );
  const excluded = await db.query<{ n: number }>(
    `select count(*)::int as n from images i join flights f on f.id = i.flight_id
     where f.area_id = $1 and i.coverage_excluded`,
    [areaId],
  );
  return {
    excludedPhotos: excluded.rows[0]?.n ?? 0,
    byReason: Object.fromEntries(rows.filter((r) => r.reason !== null).map((r) => [r.reason!, r.photos])),
  };
}
