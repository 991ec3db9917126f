import * as turf from '@turf/turf';
import type { District } from './boundaries';
import { round6 } from './boundaries';
import { labRow, PROFILES, quietNoise, type DemoRound, type LabRow } from './lab-results';
import { SeededRandom } from './seeded-random';
import type { DemoSite } from './sites';

/**
 * Qionghai (琼海市) as its report describes it (seeds/, docs/design.md §1): every quarter the
 * city samples each of its wastewater treatment plants and sends the samples to a lab; it also
 * tests the water of "special industry" sites (entertainment venues, hotels), and a site whose
 * index runs high gets point-to-point follow-up: in the days after, samples at the site and at
 * manholes upstream of it. Plants are the town plants (named after their towns, positions and
 * populations approximate); venues, hotels and upstream manholes are made up.
 */

export interface DemoCampaign {
  name: string;
  cadence: 'quarterly' | 'ad_hoc';
  rounds: DemoRound[];
}

const PLANTS: Omit<DemoSite, 'district'>[] = [
  {
    code: 'QH-WWTP-01',
    name: '琼海市嘉积城区污水处理厂',
    lon: 110.4795,
    lat: 19.2265,
    populationServed: 210_000,
    flowM3PerDay: 50_000,
  },
  {
    code: 'QH-WWTP-02',
    name: '琼海市博鳌镇污水处理厂',
    lon: 110.5745,
    lat: 19.1555,
    populationServed: 32_000,
    flowM3PerDay: 7_000,
  },
  {
    code: 'QH-WWTP-03',
    name: '琼海市潭门镇污水处理厂',
    lon: 110.6085,
    lat: 19.2415,
    populationServed: 26_000,
    flowM3PerDay: 5_000,
  },
  {
    code: 'QH-WWTP-04',
    name: '琼海市长坡镇污水处理厂',
    lon: 110.5905,
    lat: 19.3325,
    populationServed: 21_000,
    flowM3PerDay: 4_000,
  },
  {
    code: 'QH-WWTP-05',
    name: '琼海市中原镇污水处理厂',
    lon: 110.4745,
    lat: 19.1525,
    populationServed: 18_000,
    flowM3PerDay: 3_500,
  },
].map((p) => ({ ...p, kind: 'wwtp' as const, city: '琼海市' }));

/** The quarterly campaign's rounds: one sampling day in each quarter of 2025. */
const QUARTERS: DemoRound[] = [
  { name: '2025年第一季度', startsOn: '2025-02-17', endsOn: '2025-02-28', samplingDay: '2025-02-18' },
  { name: '2025年第二季度', startsOn: '2025-05-12', endsOn: '2025-05-23', samplingDay: '2025-05-13' },
  { name: '2025年第三季度', startsOn: '2025-08-11', endsOn: '2025-08-22', samplingDay: '2025-08-12' },
  { name: '2025年第四季度', startsOn: '2025-11-10', endsOn: '2025-11-21', samplingDay: '2025-11-11' },
];

/**
 * The planted high readings, each followed up point to point (samples/README.md): the site's
 * reading in its quarter, then, `daysAfter` later, samples at the site and its two upstream
 * manholes; the first manhole carries the load (the source lies up that branch), the second not.
 */
export const QIONGHAI_HIGH_READINGS = [
  {
    site: 'QH-V-003',
    analyte: 'METH',
    quarter: 1,
    factor: 8,
    followUp: '2025年第一季度点对点跟踪',
    daysAfter: 3,
    sourceUpstream: 'QH-V-003-U1',
    siteFactor: 6,
    upstreamFactor: 5,
  },
  {
    site: 'QH-H-002',
    analyte: 'KET',
    quarter: 3,
    factor: 10,
    followUp: '2025年第三季度点对点跟踪',
    daysAfter: 4,
    sourceUpstream: 'QH-H-002-U2',
    siteFactor: 7,
    upstreamFactor: 6,
  },
] as const;

const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function inside(point: [number, number], city: District[]): boolean {
  return city.some((d) => turf.booleanPointInPolygon(point, d.geometry));
}

export function buildQionghaiSites(districts: District[], random: SeededRandom): DemoSite[] {
  const city = districts.filter((d) => d.city === '琼海市');
  const sites: DemoSite[] = [];
  for (const plant of PLANTS) {
    if (!inside([plant.lon, plant.lat], city)) throw new Error(`${plant.code} lies outside Qionghai`);
    sites.push({ ...plant, district: '琼海市' });
  }
  // Venues and hotels in Jiaji (the city seat) and Bo'ao.
  const boxes: [number, number, number, number][] = [
    [110.44, 19.22, 110.5, 19.27],
    [110.56, 19.14, 110.6, 19.17],
  ];
  const add = (prefix: string, count: number, kind: 'venue' | 'hotel', label: string) => {
    for (let i = 1; i <= count; i++) {
      const box = boxes[i % 4 === 0 ? 1 : 0]!;
      let point: [number, number];
      do point = [round6(random.between(box[0], box[2])), round6(random.between(box[1], box[3]))];
      while (!inside(point, city));
      const populationServed = kind === 'hotel' ? random.int(150, 900) : random.int(300, 2_000);
      const code = `${prefix}-${String(i).padStart(3, '0')}`;
      sites.push({
        code,
        name: `琼海${label}${String(i).padStart(3, '0')}号`,
        kind,
        lon: point[0],
        lat: point[1],
        populationServed,
        flowM3PerDay: Math.round(populationServed * random.between(0.2, 0.3)),
        city: '琼海市',
        district: '琼海市',
      });
    }
  };
  add('QH-V', 8, 'venue', '娱乐场所');
  add('QH-H', 6, 'hotel', '宾馆');
  // Two manholes upstream of each followed-up site, 150-400 m up its sewer.
  for (const high of QIONGHAI_HIGH_READINGS) {
    const site = sites.find((s) => s.code === high.site)!;
    for (const n of [1, 2]) {
      let point: [number, number];
      do {
        const p = turf.destination(
          [site.lon, site.lat],
          random.between(0.15, 0.4),
          n === 1 ? random.between(-60, 30) : random.between(120, 210),
          { units: 'kilometers' },
        );
        point = [round6(p.geometry.coordinates[0]!), round6(p.geometry.coordinates[1]!)];
      } while (!inside(point, city));
      sites.push({
        code: `${high.site}-U${n}`,
        name: `${site.name}上游检查井${n}`,
        kind: 'sewer',
        lon: point[0],
        lat: point[1],
        populationServed: Math.round(site.populationServed * random.between(1.5, 3)),
        flowM3PerDay: Math.round(site.flowM3PerDay * random.between(1.5, 3)),
        city: '琼海市',
        district: '琼海市',
      });
    }
  }
  return sites;
}

/** The quarterly campaign (plants, venues, hotels) and the follow-up campaign. */
export function qionghaiCampaigns(): DemoCampaign[] {
  return [
    { name: '琼海市污水处理厂及特种行业季度监测', cadence: 'quarterly', rounds: QUARTERS },
    {
      name: '琼海市高值点位点对点跟踪采样',
      cadence: 'ad_hoc',
      rounds: QIONGHAI_HIGH_READINGS.map((high) => {
        const quarter = QUARTERS[high.quarter - 1]!;
        const startsOn = addDays(quarter.samplingDay, high.daysAfter);
        return { name: high.followUp, startsOn, endsOn: addDays(startsOn, 6), samplingDay: startsOn };
      }),
    },
  ];
}

/**
 * The lab's files in the order they came back: each quarter's results, and after a quarter
 * with a high reading its follow-up results. Levels are fixed per site and analyte with quiet
 * noise (no trend, no spike) over the four quarters; etomidate is never found in Qionghai.
 */
export function buildQionghaiLabFiles(
  sites: DemoSite[],
  random: SeededRandom,
): { name: string; rows: LabRow[] }[] {
  const [quarterly, followUps] = qionghaiCampaigns();
  const level = new Map<string, { base: number; noise: number[] }>();
  const levelOf = (site: DemoSite, code: string) => {
    const key = `${site.code} ${code}`;
    let found = level.get(key);
    if (!found) {
      const profile = PROFILES.find((p) => p.code === code)!;
      const median = site.kind === 'wwtp' ? profile.medianPlantNgL : profile.medianSmallNgL;
      found = { base: median * random.logNormal(1, 0.35), noise: quietNoise(random, QUARTERS.length, 3) };
      level.set(key, found);
    }
    return found;
  };
  const files: { name: string; rows: LabRow[] }[] = [];
  const sampled = sites.filter((s) => s.kind !== 'sewer');
  quarterly!.rounds.forEach((round, q) => {
    const quarterNo = q + 1;
    const rows: LabRow[] = [];
    for (const site of sampled) {
      const flow = Math.round(site.flowM3PerDay * random.between(0.9, 1.1));
      for (const profile of PROFILES) {
        const { base, noise } = levelOf(site, profile.code);
        let value = profile.code === 'ETO-ACID' ? 0 : base * noise[q]!;
        const high = QIONGHAI_HIGH_READINGS.find(
          (h) => h.site === site.code && h.analyte === profile.code && h.quarter === quarterNo,
        );
        if (high) value *= high.factor;
        const row = labRow(site, round, quarterNo, profile, value, flow);
        rows.push({ ...row, sampleId: `${site.code}-${quarterNo}Q`, lab: '琼海市疾病预防控制中心实验室' });
      }
    }
    files.push({ name: `${files.length + 1}-2025Q${quarterNo}.csv`, rows });
    QIONGHAI_HIGH_READINGS.filter((h) => h.quarter === quarterNo).forEach((high) => {
      const round = followUps!.rounds.find((r) => r.name === high.followUp)!;
      const followRows: LabRow[] = [];
      const site = sites.find((s) => s.code === high.site)!;
      const points = [site, ...sites.filter((s) => s.code.startsWith(`${high.site}-U`))];
      points.forEach((point, p) => {
        const day = { ...round, samplingDay: addDays(round.samplingDay, p === 0 ? 0 : 1) };
        const flow = Math.round(point.flowM3PerDay * random.between(0.9, 1.1));
        for (const profile of PROFILES) {
          // An upstream manhole carries its branch's usual levels (those of a small catchment).
          const { base, noise } = levelOf(point, profile.code);
          let value = profile.code === 'ETO-ACID' ? 0 : base * noise[q]!;
          if (profile.code === high.analyte) {
            if (point.code === high.site) value = levelOf(site, high.analyte).base * high.siteFactor;
            if (point.code === high.sourceUpstream) value *= high.upstreamFactor;
          }
          const row = labRow(point, day, quarterNo, profile, value, flow);
          followRows.push({
            ...row,
            sampleId: `${point.code}-${quarterNo}Q-F`,
            lab: '琼海市疾病预防控制中心实验室',
          });
        }
      });
      files.push({ name: `${files.length + 1}-2025Q${quarterNo}-follow-up.csv`, rows: followRows });
    });
  });
  return files;
}

export function generateQionghai(districts: District[], seed = 20250218) {
  const random = new SeededRandom(seed);
  const sites = buildQionghaiSites(districts, random);
  return { sites, campaigns: qionghaiCampaigns(), files: buildQionghaiLabFiles(sites, random) };
}
