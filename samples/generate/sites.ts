import * as turf from '@turf/turf';
import type { District } from './boundaries';
import { round6 } from './boundaries';
import type { SeededRandom } from './seeded-random';

export type SiteKind = 'wwtp' | 'sewer' | 'venue' | 'hotel' | 'residential' | 'other';

export interface DemoSite {
  code: string;
  name: string;
  kind: SiteKind;
  lon: number;
  lat: number;
  populationServed: number;
  /** Typical daily flow at the sampling point, m³/day. */
  flowM3PerDay: number;
  city: string;
  district: string;
}

// Haikou's and Dongfang's municipal treatment plants (names as published; positions approximate).
const PLANTS: Omit<DemoSite, 'district'>[] = [
  {
    code: 'HK-WWTP-01',
    name: '白沙门污水处理厂',
    kind: 'wwtp',
    lon: 110.3265,
    lat: 20.0575,
    populationServed: 850_000,
    flowM3PerDay: 300_000,
    city: '海口市',
  },
  {
    code: 'HK-WWTP-02',
    name: '长流污水处理厂',
    kind: 'wwtp',
    lon: 110.2105,
    lat: 19.9985,
    populationServed: 160_000,
    flowM3PerDay: 50_000,
    city: '海口市',
  },
  {
    code: 'HK-WWTP-03',
    name: '狮子岭污水处理厂',
    kind: 'wwtp',
    lon: 110.2795,
    lat: 19.9705,
    populationServed: 220_000,
    flowM3PerDay: 70_000,
    city: '海口市',
  },
  {
    code: 'HK-WWTP-04',
    name: '桂林洋污水处理厂',
    kind: 'wwtp',
    lon: 110.5245,
    lat: 20.0295,
    populationServed: 60_000,
    flowM3PerDay: 20_000,
    city: '海口市',
  },
  {
    code: 'DF-WWTP-01',
    name: '东方市八所污水处理厂',
    kind: 'wwtp',
    lon: 108.6705,
    lat: 19.0955,
    populationServed: 180_000,
    flowM3PerDay: 45_000,
    city: '东方市',
  },
];

/** Centre of the planted cluster of high METH sites (Haikou, Longhua district). */
export const CLUSTER_CENTRE: [number, number] = [110.352, 20.021];
export const CLUSTER_CODES = [
  'HK-V-031',
  'HK-V-032',
  'HK-V-033',
  'HK-V-034',
  'HK-V-035',
  'HK-V-036',
  'HK-V-037',
  'HK-V-038',
];

/**
 * Haikou: 4 plants + 120 key sites (50 venues, 40 hotels, 30 residential manholes) in the urban
 * districts; Dongfang: its plant, 12 venues and 10 hotels around Basuo. Every site on land.
 */
export function buildSites(districts: District[], random: SeededRandom): DemoSite[] {
  const haikou = districts.filter((d) => d.city === '海口市');
  const dongfang = districts.filter((d) => d.city === '东方市');
  const sites: DemoSite[] = PLANTS.map((p) => ({
    ...p,
    district: districtOf([p.lon, p.lat], p.city === '海口市' ? haikou : dongfang),
  }));

  const add = (
    prefix: string,
    count: number,
    kind: SiteKind,
    label: string,
    box: [number, number, number, number],
    parts: District[],
    city: string,
  ) => {
    for (let i = 1; i <= count; i++) {
      const code = `${prefix}-${String(i).padStart(3, '0')}`;
      const inCluster = CLUSTER_CODES.includes(code);
      const [lon, lat] = inCluster ? pointNear(CLUSTER_CENTRE, 0.5, random) : pointInside(box, parts, random);
      const populationServed =
        kind === 'residential'
          ? random.int(2_000, 15_000)
          : kind === 'hotel'
            ? random.int(150, 1_200)
            : random.int(300, 3_000);
      sites.push({
        code,
        name: `${city.replace('市', '')}${label}${String(i).padStart(3, '0')}号`,
        kind,
        lon,
        lat,
        populationServed,
        // About 0.25 m³ of sewage per person per day at these small catchments.
        flowM3PerDay: Math.round(populationServed * random.between(0.2, 0.3)),
        city,
        district: districtOf([lon, lat], parts),
      });
    }
  };
  const haikouUrban: [number, number, number, number] = [110.22, 19.96, 110.45, 20.07];
  add('HK-V', 50, 'venue', '娱乐场所', haikouUrban, haikou, '海口市');
  add('HK-H', 40, 'hotel', '宾馆', haikouUrban, haikou, '海口市');
  add('HK-R', 30, 'residential', '居民区检查井', haikouUrban, haikou, '海口市');
  const basuo: [number, number, number, number] = [108.62, 19.06, 108.73, 19.14];
  add('DF-V', 12, 'venue', '娱乐场所', basuo, dongfang, '东方市');
  add('DF-H', 10, 'hotel', '宾馆', basuo, dongfang, '东方市');
  return sites;
}

function pointInside(
  box: [number, number, number, number],
  parts: District[],
  random: SeededRandom,
): [number, number] {
  for (;;) {
    const p: [number, number] = [
      round6(random.between(box[0], box[2])),
      round6(random.between(box[1], box[3])),
    ];
    if (parts.some((d) => turf.booleanPointInPolygon(p, d.geometry))) return p;
  }
}

function pointNear(centre: [number, number], radiusKm: number, random: SeededRandom): [number, number] {
  const p = turf.destination(centre, random.between(0.05, radiusKm), random.between(-180, 180), {
    units: 'kilometers',
  });
  const [lon, lat] = p.geometry.coordinates;
  return [round6(lon!), round6(lat!)];
}

function districtOf(point: [number, number], parts: District[]): string {
  return parts.find((d) => turf.booleanPointInPolygon(point, d.geometry))?.name ?? parts[0]!.name;
}
