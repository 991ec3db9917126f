import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { ALERT_SEVERITIES, type AlertSeverity } from '@skywater/core/alerts/alert-signal';
import type { OfficeScope } from '@skywater/core/offices/office';
import type {
  ProvinceComparisonFigures,
  ProvinceComparisonRow,
  ProvinceComparisonView,
} from '@skywater/core/province/province-comparison-view';
import { scoreTrend } from '@skywater/core/stats/trend';
import { weightedMeanInterval, type WeightedFigure } from '@skywater/core/stats/weighted-mean-interval';
import { FINDING_STATUSES, type FindingStatus } from '@skywater/core/survey/finding-status';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { backCalculate } from '@skywater/core/wastewater/back-calculation';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import { componentRsds, figureIntervals, type Interval95 } from '@skywater/core/wastewater/load-uncertainty';
import type { SeriesMeasurement } from '@skywater/core/wastewater/site-series';
import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import { componentResolver } from '@skywater/core/wastewater/uncertainty-components';
import { loadUncertaintySettings } from '@skywater/core/wastewater/uncertainty-settings-table';
import { catalogueOf, listAnalytes } from '../wastewater/analyte-catalogue';

export interface ProvinceComparisonParams {
  /** The office whose children are compared. */
  officeId: number;
  /** `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  /** An analyte code or one of its names (aliases). */
  analyteCode: string;
}

/** One measurement at a treatment plant, as read: the series' value fields and its round. */
interface PlantPoint extends Pick<
  SeriesMeasurement,
  'qualifier' | 'valueNgL' | 'lodNgL' | 'loqNgL' | 'uloqNgL' | 'flowM3PerDay' | 'population'
> {
  siteId: number;
  officeId: number;
  roundId: number;
  roundName: string;
  startsOn: string;
  endsOn: string;
  collectionType: CollectionType | null;
}

/** A plant's figures in one round: the mean of its points (replicates, repeat samples). */
interface PlantRound {
  population: number;
  load: WeightedFigure;
  consumption: WeightedFigure | null;
}

/** An office's (or a set of offices') figures in one round. */
interface RoundFigure {
  round: NonNullable<ProvinceComparisonFigures['round']>;
  plants: number;
  population: number;
  load: { estimate: number; interval95: Interval95 };
  consumption: { estimate: number; interval95: Interval95 } | null;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** A compared office, with the offices of its subtree (itself included). */
type ChildOffice = ProvinceComparisonRow['office'] & { members: number[] };

/**
 * The compared office ($1) and its children the session sees ($2), each with its subtree; an
 * office with no office below it is its own one child.
 */
const OFFICES_SQL = `
  select json_build_object('id', o.id::int, 'code', o.code, 'nameZh', o.name_zh, 'nameEn', o.name_en) as office,
         coalesce((
           select json_agg(json_build_object('id', c.id::int, 'code', c.code, 'nameZh', c.name_zh,
                    'nameEn', c.name_en, 'kind', c.kind,
                    'members', (select array_agg(t.id::int) from office_subtree(c.id) as t(id)))
                  order by c.code)
             from offices c
            where (c.parent_id = o.id and c.id = any($2::bigint[]))
               or (c.id = o.id and not exists (select from offices b where b.parent_id = o.id))
         ), '[]'::json) as children
    from offices o where o.id = $1`;

/**
 * Every plausible result of the analyte ($2) at a treatment plant of the offices $1, in a round
 * ending by $4 of the offices the session sees ($5) or of an office above its own ($3).
 */
const POINTS_SQL = `with recursive above(id) as (
     select parent_id from offices where id = $3 and parent_id is not null
     union all
     select o.parent_id from offices o join above a on o.id = a.id where o.parent_id is not null
   )
   select st.id::int as "siteId", st.office_id::int as "officeId", r.id::int as "roundId",
          r.name as "roundName", to_char(r.starts_on, 'YYYY-MM-DD') as "startsOn",
          to_char(r.ends_on, 'YYYY-MM-DD') as "endsOn", m.qualifier, m.value_ng_l as "valueNgL",
          m.lod_ng_l as "lodNgL", m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL",
          s.flow_m3_per_day as "flowM3PerDay", coalesce(s.population, st.population_served) as population,
          s.collection_type as "collectionType"
     from sites st
     join samples s on s.site_id = st.id
     join rounds r on r.id = s.round_id
     join measurements m on m.sample_id = s.id
    where st.kind = 'wwtp' and st.office_id = any($1::bigint[]) and m.analyte_code = $2
      and r.ends_on <= $4::date
      and (r.office_id = any($5::bigint[]) or r.office_id in (select id from above))
      and ${plausibleMeasurementSql()}`;

/**
 * The province's view (`GET /api/province/comparison`, core/src/province/province-comparison-view.ts):
 * the offices directly below `officeId`, each counting its own subtree, side by side (an office
 * with no office below it is compared alone: one row, itself).
 *
 * Wastewater, per office: its treatment plants (`sites.kind = 'wwtp'`) and the rounds that hold a
 * plausible result of the analyte at one of them, of any campaign of the offices the session may
 * see or of the offices above its own (the province's default campaign holds the province-wide
 * rounds). The round shown is the latest whose `ends_on` falls in [from, to]; the previous one is
 * the office's round before it (any date), and the trend runs over all its rounds up to the one
 * shown (`scoreTrend`: Mann-Kendall; `stable` is `flat`, fewer than 4 rounds null).
 *
 * A round's figure: each plant's figure is the mean of its points (replicates and repeat samples)
 * with the mean of their interval half-widths (a plant's points share its flow meter and
 * population, so their errors are taken as fully correlated); the office's figure is the mean of
 * its plants weighted by the population each serves (the sample's, else the site's), and the
 * interval combines the plants' half-widths as independent errors (`weightedMeanInterval`:
 * √(Σ w² h²) / Σ w on each side). Consumption alike; null for an analyte without a factor.
 *
 * Alerts: the open ones (status `open`, any analyte and round) of the office's subtree. Survey:
 * its areas not archived, their km², the covered km² of their coverage grid to date (every
 * flight so far, whatever the period: the areas' headline, the sum of their cells) and the km²
 * flown in the period (each local day's covered km² of their cells within [from, to], summed);
 * both read from the per-area totals the cells' triggers keep (sql/033_coverage_area_totals.sql). Findings: by their current status; m² eradicated by the eradication steps
 * dated (Asia/Shanghai) within the period.
 *
 * The total: population-weighted means of the rows' figures (the same combination rule, so it
 * equals pooling every plant of the rows), sums of the rest; its previous figure weights the
 * rows' previous figures by their previous populations; its trend runs over the rounds of all the
 * rows' plants together; its round is the rows' round when they share one, else null.
 */
export async function loadProvinceComparison(
  db: Queryable,
  params: ProvinceComparisonParams,
  scope: OfficeScope,
): Promise<ProvinceComparisonView> {
  if (!scope.visibleOfficeIds.includes(params.officeId)) throw new NotFoundError('Office');
  if (params.from > params.to)
    throw new ValidationError('The period starts after it ends', [{ path: 'from', message: 'after to' }]);
  // Two rounds of statements, each run side by side on the pool: what names things (the analyte
  // catalogue, the offices, the uncertainty settings), then every figure of the offices' subtrees.
  const [stored, officeRows, settings] = await Promise.all([
    listAnalytes(db),
    db.query<{ office: ProvinceComparisonView['office']; children: ChildOffice[] }>(OFFICES_SQL, [
      params.officeId,
      scope.visibleOfficeIds,
    ]),
    loadUncertaintySettings(db),
  ]);
  const resolved = analyteResolver(catalogueOf(stored))(params.analyteCode);
  if (!resolved)
    throw new ValidationError(`Unknown analyte "${params.analyteCode}"`, [
      { path: 'analyte', message: 'unknown' },
    ]);
  const analyte = stored.find((a) => a.code === resolved.code)!;
  const office = officeRows.rows[0]?.office;
  if (!office) throw new NotFoundError('Office');
  const children = officeRows.rows[0]!.children.map(({ members: _, ...child }) => child);
  // Each office of a child's subtree, named by the child it counts for.
  const memberOf = new Map<number, number>();
  for (const child of officeRows.rows[0]!.children)
    for (const member of child.members) memberOf.set(member, child.id);
  const members = [...memberOf.keys()];

  const [points, alerts, areas, findings, eradicated, flown] = await Promise.all([
    db.query<PlantPoint>(POINTS_SQL, [
      members,
      analyte.code,
      scope.officeId,
      params.to,
      scope.visibleOfficeIds,
    ]),
    countsByChild<{ severity: AlertSeverity }>(
      db,
      `select office_id::int as "officeId", severity, count(*)::int as n from alerts
        where status = 'open' and office_id = any($1::bigint[]) group by office_id, severity`,
      [members],
    ),
    db.query<{ officeId: number; areaKm2: number; coveredKm2: number }>(
      `select a.office_id::int as "officeId", sum(a.area_km2)::float8 as "areaKm2",
              greatest(coalesce(sum(t.covered_km2), 0), 0)::float8 as "coveredKm2"
         from survey_areas a left join coverage_area_totals t on t.area_id = a.id
        where a.archived_at is null and a.office_id = any($1::bigint[]) group by a.office_id`,
      [members],
    ),
    countsByChild<{ status: FindingStatus }>(
      db,
      `select office_id::int as "officeId", status, count(*)::int as n from findings
        where office_id = any($1::bigint[]) group by office_id, status`,
      [members],
    ),
    db.query<{ officeId: number; m2: number }>(
      `select f.office_id::int as "officeId", coalesce(sum((e.detail->>'areaM2')::float8), 0)::float8 as m2
         from finding_events e join findings f on f.id = e.finding_id
        where e.kind = 'eradication' and f.office_id = any($1::bigint[])
          and (e.at at time zone 'Asia/Shanghai')::date between $2::date and $3::date
        group by f.office_id`,
      [members, params.from, params.to],
    ),
    db.query<{ officeId: number; km2: number }>(
      `select a.office_id::int as "officeId", greatest(sum(d.flown_km2), 0)::float8 as km2
         from survey_areas a join coverage_area_days d on d.area_id = a.id
        where a.archived_at is null and a.office_id = any($1::bigint[])
          and d.day between $2::date and $3::date
        group by a.office_id`,
      [members, params.from, params.to],
    ),
  ]);

  const previousPopulation = new Map<number, number>();
  const resolve = componentResolver(settings);
  // Per child office, per round, per plant: the points' figures.
  type PlantPoints = Map<
    number,
    { population: number[]; load: WeightedFigure[]; consumption: WeightedFigure[] }
  >;
  const byChild = new Map<number, Map<number, { round: RoundFigure['round']; plants: PlantPoints }>>();
  for (const p of points.rows) {
    const calc = backCalculate(p, analyte);
    if (calc.normalisedLoadMgPerDayPer1000 === null || p.population === null) continue;
    const intervals = figureIntervals(
      calc,
      componentRsds(
        resolve({
          analyteCode: analyte.code,
          siteId: p.siteId,
          collectionType: p.collectionType,
          provisional: analyte.provisional,
        }),
      ),
    );
    const child = memberOf.get(p.officeId)!;
    const rounds = byChild.get(child) ?? new Map();
    byChild.set(child, rounds);
    const entry = rounds.get(p.roundId) ?? {
      round: { id: p.roundId, name: p.roundName, startsOn: p.startsOn, endsOn: p.endsOn },
      plants: new Map(),
    };
    rounds.set(p.roundId, entry);
    const plant = entry.plants.get(p.siteId) ?? { population: [], load: [], consumption: [] };
    entry.plants.set(p.siteId, plant);
    plant.population.push(p.population);
    plant.load.push({
      weight: 1,
      estimate: calc.normalisedLoadMgPerDayPer1000,
      interval95: intervals.normalisedLoad,
    });
    if (calc.consumptionMgPerDayPer1000 !== null)
      plant.consumption.push({
        weight: 1,
        estimate: calc.consumptionMgPerDayPer1000,
        interval95: intervals.consumption,
      });
  }

  const rows: ProvinceComparisonRow[] = children.map((child) => {
    const mine = (officeId: number) => memberOf.get(officeId) === child.id;
    const openAlerts = zeroCounts(ALERT_SEVERITIES);
    for (const a of alerts) if (mine(a.officeId)) openAlerts[a.severity] += a.n;
    const findingCounts = zeroCounts(FINDING_STATUSES);
    for (const f of findings) if (mine(f.officeId)) findingCounts[f.status] += f.n;
    const series = roundSeries(byChild.get(child.id));
    const chosen = chooseRound(series, params);
    if (chosen?.previous) previousPopulation.set(child.id, chosen.previous.population);
    return {
      office: child,
      rank: null,
      ...wastewaterFigures(chosen),
      openAlerts,
      surveyAreaKm2: sum(areas.rows.filter((a) => mine(a.officeId)).map((a) => a.areaKm2)),
      coveredToDateKm2: sum(areas.rows.filter((a) => mine(a.officeId)).map((a) => a.coveredKm2)),
      flownInPeriodKm2: sum(flown.rows.filter((f) => mine(f.officeId)).map((f) => f.km2)),
      findings: findingCounts,
      eradicatedM2: sum(eradicated.rows.filter((e) => mine(e.officeId)).map((e) => e.m2)),
    };
  });
  rows.sort(
    (a, b) =>
      (b.normalisedLoadMgPerDayPer1000 ?? -Infinity) - (a.normalisedLoadMgPerDayPer1000 ?? -Infinity) ||
      a.office.code.localeCompare(b.office.code),
  );
  let rank = 0;
  for (const row of rows) row.rank = row.normalisedLoadMgPerDayPer1000 === null ? null : ++rank;

  // The total's trend: every plant of the rows, round by round.
  const pooled = new Map<number, { round: RoundFigure['round']; plants: PlantPoints }>();
  for (const rounds of byChild.values())
    for (const [roundId, entry] of rounds) {
      const target = pooled.get(roundId) ?? { round: entry.round, plants: new Map() };
      pooled.set(roundId, target);
      for (const [siteId, plant] of entry.plants) target.plants.set(siteId, plant);
    }
  return {
    office,
    from: params.from,
    to: params.to,
    analyte: {
      code: analyte.code,
      nameZh: analyte.nameZh,
      nameEn: analyte.nameEn,
      provisional: analyte.provisional,
    },
    rows,
    total: totalOf(rows, previousPopulation, chooseRound(roundSeries(pooled), params)),
  };

  /** The figures of one office's rounds, oldest first. */
  function roundSeries(
    rounds: Map<number, { round: RoundFigure['round']; plants: PlantPoints }> | undefined,
  ): RoundFigure[] {
    const figures: RoundFigure[] = [];
    for (const { round, plants } of rounds?.values() ?? []) {
      const perPlant: PlantRound[] = [...plants.values()].map((p) => ({
        population: mean(p.population),
        load: plantMean(p.load),
        consumption: p.consumption.length === p.load.length ? plantMean(p.consumption) : null,
      }));
      const load = weightedMeanInterval(perPlant.map((p) => ({ ...p.load, weight: p.population })));
      if (!load) continue;
      const consumption = perPlant.every((p) => p.consumption)
        ? weightedMeanInterval(perPlant.map((p) => ({ ...p.consumption!, weight: p.population })))
        : null;
      figures.push({
        round,
        plants: perPlant.length,
        population: sum(perPlant.map((p) => p.population)),
        load,
        consumption,
      });
    }
    return figures.sort(
      (a, b) =>
        a.round.endsOn.localeCompare(b.round.endsOn) ||
        a.round.startsOn.localeCompare(b.round.startsOn) ||
        a.round.id - b.round.id,
    );
  }
}

/** A plant's figure from its points: their mean, with the mean of their half-widths on each side. */
function plantMean(points: WeightedFigure[]): WeightedFigure {
  const estimate = mean(points.map((p) => p.estimate));
  const withInterval = points.filter((p) => p.interval95);
  if (withInterval.length === 0) return { weight: 1, estimate, interval95: null };
  return {
    weight: 1,
    estimate,
    interval95: {
      lower95: estimate - mean(withInterval.map((p) => p.estimate - p.interval95!.lower95)),
      upper95: estimate + mean(withInterval.map((p) => p.interval95!.upper95 - p.estimate)),
    },
  };
}

type WastewaterFigures = Pick<
  ProvinceComparisonFigures,
  | 'round'
  | 'plantsSampled'
  | 'populationServed'
  | 'normalisedLoadMgPerDayPer1000'
  | 'normalisedLoadInterval95'
  | 'consumptionMgPerDayPer1000'
  | 'consumptionInterval95'
  | 'previousNormalisedLoadMgPerDayPer1000'
  | 'changePercent'
  | 'trend'
>;

const NO_FIGURES: WastewaterFigures = {
  round: null,
  plantsSampled: 0,
  populationServed: 0,
  normalisedLoadMgPerDayPer1000: null,
  normalisedLoadInterval95: null,
  consumptionMgPerDayPer1000: null,
  consumptionInterval95: null,
  previousNormalisedLoadMgPerDayPer1000: null,
  changePercent: null,
  trend: null,
};

/** The round shown (latest ending in the period), its predecessor and the trend up to it. */
function chooseRound(series: RoundFigure[], period: { from: string; to: string }) {
  let index = -1;
  for (let i = 0; i < series.length; i++)
    if (series[i]!.round.endsOn >= period.from && series[i]!.round.endsOn <= period.to) index = i;
  if (index < 0) return null;
  return { current: series[index]!, previous: series[index - 1] ?? null, upTo: series.slice(0, index + 1) };
}

function trendOf(series: RoundFigure[]): WastewaterFigures['trend'] {
  const category = scoreTrend(series.map((f) => f.load.estimate)).category;
  if (category === 'insufficient_data') return null;
  return category === 'stable' ? 'flat' : category;
}

const changePercent = (current: number | null, previous: number | null) =>
  current === null || previous === null || previous === 0 ? null : ((current - previous) / previous) * 100;

function wastewaterFigures(chosen: ReturnType<typeof chooseRound>): WastewaterFigures {
  if (!chosen) return NO_FIGURES;
  const { current, previous } = chosen;
  const previousLoad = previous?.load.estimate ?? null;
  return {
    round: current.round,
    plantsSampled: current.plants,
    populationServed: current.population,
    normalisedLoadMgPerDayPer1000: current.load.estimate,
    normalisedLoadInterval95: current.load.interval95,
    consumptionMgPerDayPer1000: current.consumption?.estimate ?? null,
    consumptionInterval95: current.consumption?.interval95 ?? null,
    previousNormalisedLoadMgPerDayPer1000: previousLoad,
    changePercent: changePercent(current.load.estimate, previousLoad),
    trend: trendOf(chosen.upTo),
  };
}

function totalOf(
  rows: ProvinceComparisonRow[],
  previousPopulation: Map<number, number>,
  pooled: ReturnType<typeof chooseRound>,
): ProvinceComparisonFigures {
  const withFigure = rows.filter((r) => r.normalisedLoadMgPerDayPer1000 !== null);
  const asFigure = (
    estimate: number | null,
    interval95: Interval95 | null,
    weight: number,
  ): WeightedFigure[] => (estimate === null ? [] : [{ weight, estimate, interval95 }]);
  const load = weightedMeanInterval(
    withFigure.flatMap((r) =>
      asFigure(r.normalisedLoadMgPerDayPer1000, r.normalisedLoadInterval95, r.populationServed),
    ),
  );
  const consumption = withFigure.every((r) => r.consumptionMgPerDayPer1000 !== null)
    ? weightedMeanInterval(
        withFigure.flatMap((r) =>
          asFigure(r.consumptionMgPerDayPer1000, r.consumptionInterval95, r.populationServed),
        ),
      )
    : null;
  // Each row's previous figure, weighted by the population its previous round served.
  const previous = weightedMeanInterval(
    rows.flatMap((r) => {
      const prior = previousPopulation.get(r.office.id);
      return r.previousNormalisedLoadMgPerDayPer1000 === null || prior === undefined
        ? []
        : [{ weight: prior, estimate: r.previousNormalisedLoadMgPerDayPer1000, interval95: null }];
    }),
  );
  const roundIds = new Set(withFigure.map((r) => r.round!.id));
  const openAlerts = zeroCounts(ALERT_SEVERITIES);
  const findings = zeroCounts(FINDING_STATUSES);
  for (const r of rows) {
    for (const s of ALERT_SEVERITIES) openAlerts[s] += r.openAlerts[s];
    for (const s of FINDING_STATUSES) findings[s] += r.findings[s];
  }
  const totalLoad = load?.estimate ?? null;
  const previousLoad = previous?.estimate ?? null;
  return {
    round: roundIds.size === 1 ? withFigure[0]!.round : null,
    plantsSampled: sum(withFigure.map((r) => r.plantsSampled)),
    populationServed: sum(withFigure.map((r) => r.populationServed)),
    normalisedLoadMgPerDayPer1000: totalLoad,
    normalisedLoadInterval95: load?.interval95 ?? null,
    consumptionMgPerDayPer1000: consumption?.estimate ?? null,
    consumptionInterval95: consumption?.interval95 ?? null,
    previousNormalisedLoadMgPerDayPer1000: previousLoad,
    changePercent: changePercent(totalLoad, previousLoad),
    trend: pooled ? trendOf(pooled.upTo) : null,
    openAlerts,
    surveyAreaKm2: sum(rows.map((r) => r.surveyAreaKm2)),
    coveredToDateKm2: sum(rows.map((r) => r.coveredToDateKm2)),
    flownInPeriodKm2: sum(rows.map((r) => r.flownInPeriodKm2)),
    findings,
    eradicatedM2: sum(rows.map((r) => r.eradicatedM2)),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

async function countsByChild<T>(db: Queryable, sql: string, params: unknown[]) {
  return (await db.query<T & { officeId: number; n: number }>(sql, params)).rows;
}
