import path from 'node:path';
import { z } from 'zod';
import type { StatementClass } from '../db/statement-timeout';

/**
 * The process configuration, read once from the environment at start. Nothing else in the
 * code reads `process.env`. A wrong value stops the process with a message naming the variable.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A streaming replica of DATABASE_URL for pure reads (tiles, series); the server backend only. */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A replica further behind the primary than this (WAL bytes) is left aside until it catches up. */
  DATABASE_READ_MAX_LAG_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(16 * 1024 ** 2),
  /** A Redis Cluster for BullMQ instead of REDIS_URL: `host:port,host:port,...` (any of its nodes). */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(
      /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
      'must be host:port pairs separated by commas',
    )
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Demo mode: sample data and the four demo accounts. Default: on with the embedded database. */
  DEMO: booleanFlag.optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  APP_DB_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Prefix of every BullMQ key: a hash tag keeps a queue's keys in one Redis Cluster slot. */
  QUEUE_PREFIX: z.string().min(1).default('{skywater}'),
  /** Set when the app is served over TLS (directly or behind a proxy): cookies get `Secure`. */
  TRUST_PROXY: booleanFlag.default(false),
  SECURE_COOKIES: booleanFlag.optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Survey photos above this many pixels are refused before decoding (sharp limitInputPixels). */
  IMAGE_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(1_000_000_000).default(200_000_000),
  /** Gaps smaller than this (m²) are dropped as slivers unless a request asks otherwise. */
  GAP_MIN_AREA_M2: z.coerce.number().min(0).max(10_000_000).default(2_500),
  /** Largest lab upload (CSV/XLSX) accepted, in bytes; beyond it the upload is refused with 413. */
  LAB_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 * 1024 ** 3)
    .default(200 * 1024 * 1024),
  /** Gi* neighbourhood: sites within this distance (m) of each other are neighbours. */
  HOTSPOT_DISTANCE_BAND_M: z.coerce.number().min(50).max(100_000).default(1500),
  /** Largest DEM (GeoTIFF) an admin may upload, bytes; beyond it the upload is refused with 413. */
  TERRAIN_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024 ** 3)
    .default(2 * 1024 ** 3),
  /** Largest DEM in cells (width × height); an SRTM/Copernicus 1° tile is 3601 × 3601 ≈ 13 M. */
  TERRAIN_MAX_CELLS: z.coerce.number().int().min(1).max(10_000_000_000).default(400_000_000),
  /** Where installed basemap packs (PMTiles) live; default DATA_DIR/basemaps. */
  BASEMAP_DIR: z.string().min(1).optional(),
  /** Largest basemap pack an admin may upload, bytes; beyond it the upload is refused with 413. */
  BASEMAP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(256 * 1024 ** 3)
    .default(8 * 1024 ** 3),
  /** Scales the rate limits of logins, uploads and reports (tests and load tests raise it). */
  RATE_LIMIT_MULTIPLIER: z.coerce.number().min(0.1).max(1000).default(1),
  /** Ceiling of one database statement per class of work, in ms (beyond it: 503 statement_timeout). */
  STATEMENT_TIMEOUT_API_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  STATEMENT_TIMEOUT_TILES_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  STATEMENT_TIMEOUT_JOBS_MS: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
  /** Bytes of vector tiles a server process keeps in memory (0: none kept). */
  TILE_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(16 * 1024 ** 3)
    .default(64 * 1024 ** 2),
  /** Where survey imagery is kept: `local` (DATA_DIR/imagery) or `s3` (the S3_* variables). */
  IMAGERY_STORE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** S3 bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens. */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name (3-63 of a-z 0-9 . -)')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key): what Ceph RGW and MinIO expect without wildcard DNS. */
  S3_FORCE_PATH_STYLE: booleanFlag.optional(),
});

export type Config = {
  databaseUrl: string | undefined;
  embedded: boolean;
  /** The replica for pure reads; the embedded database ignores it (and says so at start). */
  databaseReadUrl: string | undefined;
  databaseReadMaxLagBytes: number;
  redisUrl: string;
  /** Set: BullMQ runs on this Redis Cluster and REDIS_URL is not used. */
  redisClusterNodes: RedisNode[] | undefined;
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  env: z.infer<typeof configSchema>['NODE_ENV'];
  demo: boolean;
  demoPassword: string | undefined;
  adminPassword: string | undefined;
  /** `npm run migrate` lets the role skywater_app log in with this password (sql/009). */
  appDbPassword: string | undefined;
  queuePrefix: string;
  trustProxy: boolean;
  secureCookies: boolean;
  workerConcurrency: number;
  shutdownDeadlineMs: number;
  imageMaxPixels: number;
  gapMinAreaM2: number;
  labUploadMaxBytes: number;
  rateLimitMultiplier: number;
  hotspotDistanceBandM: number;
  terrainMaxBytes: number;
  terrainMaxCells: number;
  basemapDir: string;
  basemapMaxBytes: number;
  statementTimeoutMs: Record<StatementClass, number>;
  tileCacheMaxBytes: number;
  imagery: ImageryStoreConfig;
};

export interface RedisNode {
  host: string;
  port: number;
}

/** The imagery store: the local disk, or an S3-compatible bucket. */
export type ImageryStoreConfig = { store: 'local' } | { store: 's3'; s3: S3Settings };

export interface S3Settings {
  /** Unset: AWS's own endpoint for the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Both unset: the SDK's default credentials (instance role, AWS_* variables). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Configuration error: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a Config; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `is invalid (${JSON.stringify(env[variable] ?? '')}): ${issue.message}`);
  }
  const c = parsed.data;
  const embedded = !c.DATABASE_URL;
  const imagery = imageryStoreOf(c);
  return {
    databaseUrl: c.DATABASE_URL,
    embedded,
    databaseReadUrl: c.DATABASE_READ_URL,
    databaseReadMaxLagBytes: c.DATABASE_READ_MAX_LAG_BYTES,
    redisUrl: c.REDIS_URL,
    redisClusterNodes: redisClusterNodesOf(c),
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    env: c.NODE_ENV,
    demo: c.DEMO ?? embedded,
    demoPassword: c.DEMO_PASSWORD,
    adminPassword: c.ADMIN_PASSWORD,
    appDbPassword: c.APP_DB_PASSWORD,
    queuePrefix: c.QUEUE_PREFIX,
    trustProxy: c.TRUST_PROXY,
    secureCookies: c.SECURE_COOKIES ?? c.TRUST_PROXY,
    workerConcurrency: c.WORKER_CONCURRENCY,
    shutdownDeadlineMs: c.SHUTDOWN_DEADLINE_MS,
    imageMaxPixels: c.IMAGE_MAX_PIXELS,
    gapMinAreaM2: c.GAP_MIN_AREA_M2,
    rateLimitMultiplier: c.RATE_LIMIT_MULTIPLIER,
    hotspotDistanceBandM: c.HOTSPOT_DISTANCE_BAND_M,
    labUploadMaxBytes: c.LAB_UPLOAD_MAX_BYTES,
    terrainMaxBytes: c.TERRAIN_MAX_BYTES,
    terrainMaxCells: c.TERRAIN_MAX_CELLS,
    basemapDir: path.resolve(c.BASEMAP_DIR ?? path.join(c.DATA_DIR, 'basemaps')),
    basemapMaxBytes: c.BASEMAP_MAX_BYTES,
    statementTimeoutMs: {
      api: c.STATEMENT_TIMEOUT_API_MS,
      tiles: c.STATEMENT_TIMEOUT_TILES_MS,
      jobs: c.STATEMENT_TIMEOUT_JOBS_MS,
    },
    tileCacheMaxBytes: c.TILE_CACHE_MAX_BYTES,
    imagery,
  };
}

function redisClusterNodesOf(c: z.infer<typeof configSchema>): RedisNode[] | undefined {
  if (!c.REDIS_CLUSTER_NODES) return undefined;
  // BullMQ's scripts touch several keys of a queue at once: on a cluster they must share a slot,
  // which only a hash tag in the prefix guarantees.
  if (!/\{[^}]+\}/.test(c.QUEUE_PREFIX))
    throw new ConfigError(
      'QUEUE_PREFIX',
      `must hold a hash tag such as {skywater} with REDIS_CLUSTER_NODES (is ${JSON.stringify(c.QUEUE_PREFIX)})`,
    );
  return c.REDIS_CLUSTER_NODES.split(',').map((node) => {
    const [host, port] = node.split(':') as [string, string];
    return { host, port: Number(port) };
  });
}

function imageryStoreOf(c: z.infer<typeof configSchema>): ImageryStoreConfig {
  if (c.IMAGERY_STORE === 'local') return { store: 'local' };
  if (!c.S3_BUCKET) throw new ConfigError('S3_BUCKET', 'is required when IMAGERY_STORE=s3');
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    const missing = c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    throw new ConfigError(
      missing,
      'is required with the other S3 key (set both, or neither for the default credentials)',
    );
  }
  return {
    store: 's3',
    s3: {
      endpoint: c.S3_ENDPOINT,
      bucket: c.S3_BUCKET,
      region: c.S3_REGION,
      credentials:
        c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: c.S3_FORCE_PATH_STYLE ?? c.S3_ENDPOINT !== undefined,
    },
  };
}
