import type { Queryable } from '@skywater/core/db/db';
import type { OfficeKind } from '@skywater/core/offices/office';

/**
 * The demo province's offices below Hainan (docs/design.md §1), parents first: `city` is the
 * city name the sample data's areas and sites carry, so the demo data lands in its office;
 * `parentCode` the office above (none: the province).
 */
export const DEMO_OFFICES: ReadonlyArray<{
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Exclude<OfficeKind, 'province'>;
  city: string;
  parentCode?: string;
}> = [
  { code: 'haikou', nameZh: '海口市禁毒委', nameEn: 'Haikou', kind: 'city', city: '海口市' },
  { code: 'dongfang', nameZh: '东方市禁毒委', nameEn: 'Dongfang', kind: 'city', city: '东方市' },
  { code: 'qionghai', nameZh: '琼海市禁毒委', nameEn: 'Qionghai', kind: 'city', city: '琼海市' },
  { code: 'sanya', nameZh: '三亚市禁毒委', nameEn: 'Sanya', kind: 'city', city: '三亚市' },
  {
    code: 'sanya-yazhou',
    nameZh: '三亚市崖州区禁毒办',
    nameEn: 'Sanya Yazhou',
    kind: 'district',
    city: '崖州区',
    parentCode: 'sanya',
  },
];

/**
 * Adds the demo offices if missing (each under its parent, else the province); returns their ids
 * by the sample data's city name. An office that exists is left as it is.
 */
export async function ensureDemoOffices(db: Queryable): Promise<Map<string, number>> {
  const byCity = new Map<string, number>();
  for (const office of DEMO_OFFICES) {
    await db.query(
      `insert into offices (code, name_zh, name_en, kind, parent_id)
       values ($1, $2, $3, $4, coalesce((select id from offices where code = $5), root_office_id()))
       on conflict (code) do nothing`,
      [office.code, office.nameZh, office.nameEn, office.kind, office.parentCode ?? null],
    );
    const { rows } = await db.query<{ id: number }>(`select id::int as id from offices where code = $1`, [
      office.code,
    ]);
    byCity.set(office.city, rows[0]!.id);
  }
  return byCity;
}
