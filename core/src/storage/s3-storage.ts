import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config/config';
import { AppError, DependencyDownError, NotFoundError, ValidationError } from '../errors/app-error';
import { isValidStorageKey, StorageFullError, type ObjectStorage } from './object-storage';

/**
 * Parts of a multipart upload: S3's minimum is 5 MiB; a survey photo (10-30 MB) goes in a few
 * parts, two in flight at a time, so an upload holds at most ~16 MiB in memory whatever its size.
 */
const PART_SIZE_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * ObjectStorage on an S3-compatible bucket (Ceph RGW, MinIO, a cloud bucket). Writes stream
 * through a multipart upload (one PutObject below PART_SIZE_BYTES); S3 makes an object visible
 * only once complete, and a failed upload is aborted, so a reader sees all of it or nothing.
 * Checksums are sent only where S3 requires them: the SDK's default CRC32 trailers on streamed
 * bodies are refused by servers older than 2025 (Ceph 16 among them).
 */
export function createS3Storage(settings: S3Settings): ObjectStorage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  const Bucket = settings.bucket;
  const checkKey = (key: string) => {
    if (!isValidStorageKey(key)) throw new ValidationError(`Invalid storage key: ${JSON.stringify(key)}`);
    return key;
  };

  return {
    async put(key, body, options) {
      const Key = checkKey(key);
      let sizeBytes = 0;
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      const counted = Readable.from(
        (async function* () {
          for await (const chunk of source) {
            sizeBytes += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        })(),
      );
      const upload = new Upload({
        client,
        params: { Bucket, Key, Body: counted, ContentType: options?.contentType },
        partSize: PART_SIZE_BYTES,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        counted.destroy();
        throw asStorageError(error, settings);
      }
      return { sizeBytes };
    },
    async get(key, options) {
      const Key = checkKey(key);
      const range = options?.range;
      try {
        const reply = await client.send(
          new GetObjectCommand({
            Bucket,
            Key,
            Range: range ? `bytes=${range.firstByte}-${range.lastByte}` : undefined,
          }),
        );
        return reply.Body as Readable;
      } catch (error) {
        throw asStorageError(error, settings);
      }
    },
    async getBuffer(key) {
      const Key = checkKey(key);
      try {
        const reply = await client.send(new GetObjectCommand({ Bucket, Key }));
        return Buffer.from(await reply.Body!.transformToByteArray());
      } catch (error) {
        throw asStorageError(error, settings);
      }
    },
    async delete(key) {
      const Key = checkKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key }));
      } catch (error) {
        const mapped = asStorageError(error, settings);
        if (!(mapped instanceof NotFoundError)) throw mapped;
      }
    },
    async exists(key) {
      const Key = checkKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key }));
        return true;
      } catch (error) {
        const mapped = asStorageError(error, settings);
        if (mapped instanceof NotFoundError) return false;
        throw mapped;
      }
    },
  };
}

/**
 * Proves the bucket answers with these credentials (HeadBucket), for the start-up checks; the
 * message names what to fix.
 */
export async function checkS3Bucket(settings: S3Settings): Promise<void> {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: settings.bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const why =
      status === 404
        ? 'does not exist'
        : status === 403
          ? 'refuses these credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)'
          : `cannot be reached (${(error as Error).name}: ${(error as Error).message})`;
    throw new Error(
      `The imagery bucket "${settings.bucket}" at ${settings.endpoint ?? `AWS ${settings.region}`} ${why}`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}

/** S3 codes that mean "no space": RGW's quotas, and 507 from stores that say so. */
const FULL_CODES = new Set(['QuotaExceeded', 'InsufficientStorage', 'XMinioStorageFull']);

/** The interface's errors from an S3 client's: missing → 404, full → 507, anything else → 503. */
function asStorageError(error: unknown, settings: S3Settings): unknown {
  if (error instanceof AppError) return error;
  const name = (error as Error)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket'))
    return new NotFoundError('Stored object');
  if (FULL_CODES.has(name) || status === 507) return new StorageFullError();
  return new DependencyDownError(
    `The imagery store (bucket "${settings.bucket}") failed: ${name || 'error'}${status ? ` (HTTP ${status})` : ''}`,
  );
}
