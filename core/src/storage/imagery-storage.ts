import path from 'node:path';
import type { Config } from '../config/config';
import { createLocalDiskStorage } from './local-disk-storage';
import type { ObjectStorage } from './object-storage';

/** The store for survey imagery: the local disk under `DATA_DIR/imagery` (an S3 store plugs in here). */
export function imageryStorage(config: Pick<Config, 'dataDir'>): ObjectStorage {
  return createLocalDiskStorage(path.join(config.dataDir, 'imagery'));
}
