import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '@skywater/core/config/config';

const START_SCRIPT = path.resolve(import.meta.dirname, 'start-radosgw.sh');

export interface PrivateS3 {
  /** A fresh bucket of this test file on the server, with its settings. */
  settings: S3Settings;
  /** The S3_* environment that selects this bucket for the application. */
  env: Record<string, string>;
  client: S3Client;
  /** `radosgw-admin` on the cluster (quotas), with the cluster's configuration. */
  admin(args: string[]): string;
  destroy(): Promise<void>;
}

/**
 * An S3 bucket on a real Ceph RADOS Gateway: the one CI started (TEST_S3_ENDPOINT,
 * TEST_S3_ACCESS_KEY_ID, TEST_S3_SECRET_ACCESS_KEY, TEST_S3_CEPH_CONF from .ci/run), or a
 * single-node cluster of this file's own (test/support/start-radosgw.sh, ~20 s; needs
 * Debian's ceph-mon, ceph-osd and radosgw). The bucket is emptied and removed afterwards.
 */
export async function startPrivateS3(): Promise<PrivateS3> {
  let endpoint = process.env.TEST_S3_ENDPOINT;
  let accessKeyId = process.env.TEST_S3_ACCESS_KEY_ID ?? '';
  let secretAccessKey = process.env.TEST_S3_SECRET_ACCESS_KEY ?? '';
  let cephConf = process.env.TEST_S3_CEPH_CONF ?? '';
  let ownCluster: string | null = null;
  if (!endpoint) {
    ownCluster = path.join(os.tmpdir(), `skywater-rgw-${process.pid}-${randomBytes(3).toString('hex')}`);
    const port = 17000 + Math.floor(Math.random() * 2000) * 2;
    accessKeyId = `SKYTEST${randomBytes(6).toString('hex').toUpperCase()}`;
    secretAccessKey = randomBytes(20).toString('hex');
    execFileSync('bash', [START_SCRIPT, ownCluster, String(port), accessKeyId, secretAccessKey], {
      stdio: 'pipe',
      timeout: 240_000,
    });
    endpoint = `http://127.0.0.1:${port}`;
    cephConf = path.join(ownCluster, 'ceph.conf');
  }
  const settings: S3Settings = {
    endpoint,
    bucket: `skywater-test-${randomBytes(5).toString('hex')}`,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint,
    region: settings.region,
    forcePathStyle: true,
    credentials: settings.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  return {
    settings,
    env: {
      IMAGERY_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: settings.bucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    client,
    admin: (args) =>
      execFileSync('radosgw-admin', args, { env: { ...process.env, CEPH_CONF: cephConf }, encoding: 'utf8' }),
    async destroy() {
      try {
        for (;;) {
          const listed = await client.send(new ListObjectsV2Command({ Bucket: settings.bucket }));
          const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
          if (!keys.length) break;
          await client.send(new DeleteObjectsCommand({ Bucket: settings.bucket, Delete: { Objects: keys } }));
        }
        await client.send(new DeleteBucketCommand({ Bucket: settings.bucket }));
      } finally {
        client.destroy();
        if (ownCluster) execFileSync('bash', [START_SCRIPT, '--stop', ownCluster], { stdio: 'pipe' });
      }
    },
  };
}
