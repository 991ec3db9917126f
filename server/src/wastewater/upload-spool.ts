import busboy from 'busboy';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request } from 'express';
import { AppError, UnsupportedMediaTypeError, ValidationError } from '@skywater/core/errors/app-error';
import { labErrorMessage } from '@skywater/core/wastewater/lab-error-messages';

/** An uploaded file written to a temporary file as it arrived, with its SHA-256 and size. */
export interface SpooledFile {
  field: string;
  fileName: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface SpooledUpload {
  files: Map<string, SpooledFile>;
  fields: Map<string, string>;
  /** Removes the temporary files; call in `finally`. */
  cleanup(): Promise<void>;
}

/**
 * Receives a multipart upload with busboy, streaming each accepted file field to a temporary
 * file while hashing it: memory stays flat whatever the size. A file over `maxBytes` is refused
 * with 413 `file_too_large` (nothing kept); a request that is not multipart with 415.
 * The file is read again from disk for validation, so the content hash is known before any row
 * is looked at (a re-upload is recognised without parsing it).
 */
export async function spoolUpload(
  req: Request,
  options: { fileFields: readonly string[]; maxBytes: number; maxFieldBytes?: number },
): Promise<SpooledUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type))
    throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'skywater-upload-'));
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  const files = new Map<string, SpooledFile>();
  const fields = new Map<string, string>();
  try {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: options.maxBytes,
          files: options.fileFields.length,
          fields: 20,
          fieldSize: options.maxFieldBytes ?? 10_000,
        },
        defParamCharset: 'utf8',
      });
    } catch (error) {
      throw new UnsupportedMediaTypeError((error as Error).message);
    }
    let tooLarge = false;
    const writes: Promise<void>[] = [];
    await new Promise<void>((resolve, reject) => {
      parser.on('file', (field, stream, info) => {
        if (!options.fileFields.includes(field) || files.has(field)) {
          stream.resume();
          return;
        }
        const target = path.join(dir, `${files.size}.upload`);
        const hash = createHash('sha256');
        const entry: SpooledFile = {
          field,
          fileName: info.filename || field,
          path: target,
          bytes: 0,
          sha256: '',
        };
        files.set(field, entry);
        const out = fs.createWriteStream(target);
        stream.on('data', (chunk: Buffer) => {
          entry.bytes += chunk.length;
          hash.update(chunk);
        });
        stream.on('limit', () => {
          tooLarge = true;
        });
        writes.push(
          new Promise<void>((done, fail) => {
            out.on('finish', () => {
              entry.sha256 = hash.digest('hex');
              done();
            });
            out.on('error', fail);
            stream.on('error', fail);
          }),
        );
        stream.pipe(out);
      });
      parser.on('field', (name, value) => fields.set(name, value));
      parser.on('close', resolve);
      parser.on('error', (error) =>
        reject(new ValidationError(`Malformed upload: ${(error as Error).message}`)),
      );
      req.on('aborted', () => reject(new ValidationError('The upload was interrupted')));
      req.pipe(parser);
    });
    await Promise.all(writes);
    if (tooLarge) {
      throw new AppError(
        413,
        'file_too_large',
        labErrorMessage('file_too_large', 'en', `> ${options.maxBytes} bytes`),
        {
          maxBytes: options.maxBytes,
          messageZh: labErrorMessage('file_too_large', 'zh-CN', `> ${options.maxBytes} bytes`),
        },
      );
    }
    return { files, fields, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
