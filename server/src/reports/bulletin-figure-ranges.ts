import type { Queryable } from '@skywater/core/db/db';
import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import {
  buildSiteSeries,
  type SeriesMeasurement,
  type SeriesPoint,
} from '@skywater/core/wastewater/site-series';
import { componentResolver } from '@skywater/core/wastewater/uncertainty-components';
import { listAnalytes } from '../wastewater/analyte-catalogue';
import { loadUncertaintySettings } from '../wastewater/uncertainty-components-store';
import type { BulletinData } from './bulletin-data';

/** A figure with its 95 % interval (docs/design.md §3 "Uncertainty"). */
export interface RangedFigure {
  value: number | null;
  lower95: number | null;
  upper95: number | null;
}

/** What the bulletin prints with a range: the headline medians and each site's METH figures. */
export interface BulletinFigureRanges {
  /** Per analyte code: the median normalised load of the round (mg/day/1000) with its range. */
  medianNormalisedLoad: Map<string, RangedFigure>;
  /** Per site id: METH normalised load and consumption (mg/day/1000) in the round, with ranges. */
  methBySite: Map<number, { normalisedLoad: RangedFigure; consumption: RangedFigure }>;
}

type RoundMeasurement = SeriesMeasurement & { siteId: number; analyteCode: string };

/** Samples whose results one statement reads (each has up to one result per analyte and replicate). */
const SAMPLES_PER_STATEMENT = 50;

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}

/** A site's figure in one round: the mean of its results, the range the mean of their bounds. */
function roundFigure(
  points: readonly SeriesPoint[],
  field: 'normalisedLoadMgPerDayPer1000' | 'consumptionMgPerDayPer1000',
): RangedFigure {
  const withValue = points.filter((p) => p[field] !== null && p[`${field}Lower95`] !== null);
  // The results of one site and round share their flow, population, stability and excretion
  // factors, so their bounds move together: the mean of the bounds bounds the mean.
  return {
    value: mean(withValue.map((p) => p[field]!)),
    lower95: mean(withValue.map((p) => p[`${field}Lower95`]!)),
    upper95: mean(withValue.map((p) => p[`${field}Upper95`]!)),
  };
}

/**
 * Every load figure of the bulletin with its 95 % interval, computed by the same code as the
 * series (`buildSiteSeries` with the stored uncertainty components), so a site's figure and range
 * in the bulletin are those `GET /api/sites/:id/series` gives for the round. A median over sites
 * gets the median of the sites' lower bounds and of their upper bounds: the median is monotone,
 * so when every site's interval holds its true figure, this range holds the true median.
 */
export async function loadRoundFigureRanges(
  db: Queryable,
  roundId: number,
  areaId: number | null,
  officeIds: number[],
): Promise<BulletinFigureRanges> {
  // The round's samples, then their results a few samples at a time: one statement over a whole
  // round (71 analytes × every site) would hold the embedded database for seconds at full scale.
  const { rows: samples } = await db.query<{ id: number }>(
    `select s.id from samples s join sites st on st.id = s.site_id
     where s.round_id = $1 and ($2::bigint is null or st.area_id = $2::bigint)
       and st.office_id = any($3::bigint[]) order by s.id`,
    [roundId, areaId, officeIds],
  );
  const rows: RoundMeasurement[] = [];
  for (let i = 0; i < samples.length; i += SAMPLES_PER_STATEMENT) {
    const batch = samples.slice(i, i + SAMPLES_PER_STATEMENT).map((sample) => sample.id);
    const page = await db.query<RoundMeasurement>(
      `select m.id as "measurementId", r.id as "roundId", r.name as "roundName",
         to_char(r.starts_on, 'YYYY-MM-DD') as "roundStartsOn", s.lab_sample_id as "sampleId",
         s.collected_start as "collectedStart", s.collected_end as "collectedEnd", m.replicate, m.qualifier,
         m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL", m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL",
         s.flow_m3_per_day as "flowM3PerDay", coalesce(s.population, st.population_served) as population, m.revised,
         s.collection_type as "collectionType", st.id::int as "siteId", m.analyte_code as "analyteCode"
       from measurements m
       join samples s on s.id = m.sample_id
       join rounds r on r.id = s.round_id
       join sites st on st.id = s.site_id
       where s.id = any($1::bigint[]) and ${plausibleMeasurementSql()}`,
      [batch],
    );
    rows.push(...page.rows);
  }
  const analytes = new Map((await listAnalytes(db)).map((a) => [a.code, a]));
  const resolve = componentResolver(await loadUncertaintySettings(db));
  const groups = new Map<string, RoundMeasurement[]>();
  for (const row of rows) {
    const key = `${row.siteId}|${row.analyteCode}`;
    const group = groups.get(key) ?? [];
    group.push({
      ...row,
      collectedStart: new Date(row.collectedStart),
      collectedEnd: new Date(row.collectedEnd),
    });
    groups.set(key, group);
  }
  const perAnalyte = new Map<string, RangedFigure[]>();
  const methBySite: BulletinFigureRanges['methBySite'] = new Map();
  for (const group of groups.values()) {
    const { siteId, analyteCode } = group[0]!;
    const analyte = analytes.get(analyteCode);
    if (!analyte) continue;
    const { points } = buildSiteSeries(group, analyte, (collectionType) =>
      resolve({ analyteCode, siteId, collectionType, provisional: analyte.provisional }),
    );
    const normalisedLoad = roundFigure(points, 'normalisedLoadMgPerDayPer1000');
    const figures = perAnalyte.get(analyteCode) ?? [];
    figures.push(normalisedLoad);
    perAnalyte.set(analyteCode, figures);
    if (analyteCode === 'METH')
      methBySite.set(siteId, {
        normalisedLoad,
        consumption: roundFigure(points, 'consumptionMgPerDayPer1000'),
      });
  }
  const medianNormalisedLoad = new Map<string, RangedFigure>();
  for (const [code, figures] of perAnalyte) {
    const known = figures.filter((f) => f.value !== null);
    medianNormalisedLoad.set(code, {
      value: median(known.map((f) => f.value!)),
      lower95: median(known.map((f) => f.lower95!)),
      upper95: median(known.map((f) => f.upper95!)),
    });
  }
  return { medianNormalisedLoad, methBySite };
}

/**
 * The bulletin's data with every load figure from the series code and its range: the headline
 * medians of this and the previous round (the change compares like with like) and each site's
 * METH figures replace the stored-query ones. Only the sites of `officeIds` (the reader's, as
 * `loadBulletinData` read them) count.
 */
export async function withFigureRanges(
  db: Queryable,
  data: BulletinData,
  officeIds: number[],
): Promise<RangedBulletinData> {
  const areaId = data.area?.id ?? null;
  const current = await loadRoundFigureRanges(db, data.round.id, areaId, officeIds);
  const previous = data.previousRound
    ? await loadRoundFigureRanges(db, data.previousRound.id, areaId, officeIds)
    : null;
  const none: RangedFigure = { value: null, lower95: null, upper95: null };
  return {
    ...data,
    analytes: data.analytes.map((a) => {
      const median = current.medianNormalisedLoad.get(a.code) ?? none;
      return {
        ...a,
        medianLoad: median.value,
        medianLoadRange: median,
        previousMedianLoad: previous?.medianNormalisedLoad.get(a.code)?.value ?? null,
      };
    }),
    sites: data.sites.map((s) => {
      const meth = current.methBySite.get(s.id);
      return {
        ...s,
        methLoad: meth?.normalisedLoad.value ?? null,
        methLoadRange: meth?.normalisedLoad ?? none,
        methConsumption: meth?.consumption ?? none,
      };
    }),
  };
}

export type RangedBulletinData = Omit<BulletinData, 'analytes' | 'sites'> & {
  analytes: (BulletinData['analytes'][number] & { medianLoadRange: RangedFigure })[];
  sites: (BulletinData['sites'][number] & { methLoadRange: RangedFigure; methConsumption: RangedFigure })[];
};
