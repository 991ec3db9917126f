import path from 'node:path';
import type { Config, S3Settings } from '../config/config';
import { createLocalDiskStorage } from './local-disk-storage';
import type { ObjectStorage } from './object-storage';
import { createS3Storage } from './s3-storage';

/** One S3 client per bucket and account in a process: each keeps its own pool of connections. */
const s3Stores = new Map<string, ObjectStorage>();

/**
 * The store for survey imagery, as configured: the local disk under `DATA_DIR/imagery`
 * (default), or the S3-compatible bucket of the S3_* variables.
 */
export function imageryStorage(
  config: Pick<Config, 'dataDir'> & Partial<Pick<Config, 'imagery'>>,
): ObjectStorage {
  if (config.imagery?.store !== 's3') return createLocalDiskStorage(path.join(config.dataDir, 'imagery'));
  return s3StorageFor(config.imagery.s3);
}

function s3StorageFor(settings: S3Settings): ObjectStorage {
  const id = JSON.stringify([
    settings.endpoint,
    settings.region,
    settings.bucket,
    settings.credentials?.accessKeyId,
  ]);
  let store = s3Stores.get(id);
  if (!store) {
    store = createS3Storage(settings);
    s3Stores.set(id, store);
  }
  return store;
}
