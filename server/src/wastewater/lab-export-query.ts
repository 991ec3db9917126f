import type { Queryable } from '@skywater/core/db/db';
import type { StoredLabResult } from '@skywater/core/wastewater/lab-export';

export interface ExportFilter {
  roundId?: number;
  areaId?: number;
  /** Only results at the sites of these offices. */
  officeIds: number[];
  includeRestricted: boolean;
  /**
   * A lab user's id: restricted (venue) results that this user uploaded are included even when
   * `includeRestricted` is false, so a lab can find and correct what it sent.
   */
  uploadedBy?: number;
}

/**
 * The stored results of a round and/or an area, in pages of `pageSize` (keyset on the
 * measurement id, so memory stays flat whatever the size of the export, and each statement stays
 * short: the embedded database runs one at a time).
 */
export async function* exportResults(
  db: Queryable,
  filter: ExportFilter,
  pageSize = 1_000,
): AsyncGenerator<StoredLabResult[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<StoredLabResult & { id: number }>(
      `select m.id, st.code as "siteCode", r.name as "roundName", s.lab_sample_id as "sampleId",
         s.collected_start as "collectedStart", s.collected_end as "collectedEnd",
         s.collection_type as "collectionType", s.flow_m3_per_day as "flowM3PerDay", s.population,
         m.analyte_code as "analyteCode", m.qualifier, m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL",
         m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL", m.lab, m.method, m.replicate,
         m.recovery_pct as "recoveryPct"
       from measurements m
       join samples s on s.id = m.sample_id
       join sites st on st.id = s.site_id
       join rounds r on r.id = s.round_id
       left join import_batches b on b.id = m.batch_id
       where m.id > $1 and ($2::bigint is null or s.round_id = $2) and ($3::bigint is null or st.area_id = $3)
         and ($4 or not st.restricted or ($6::bigint is not null and b.uploaded_by = $6))
         and st.office_id = any($7::bigint[])
       order by m.id limit $5`,
      [
        after,
        filter.roundId ?? null,
        filter.areaId ?? null,
        filter.includeRestricted,
        pageSize,
        filter.uploadedBy ?? null,
        filter.officeIds,
      ],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      ...r,
      collectedStart: new Date(r.collectedStart),
      collectedEnd: new Date(r.collectedEnd),
    }));
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}
