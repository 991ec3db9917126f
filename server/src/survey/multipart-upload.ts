import type { Request } from 'express';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@skywater/core/errors/app-error';

export interface MultipartFile {
  field: string;
  /** The client's file name as sent (never used as a storage key). */
  fileName: string;
  stream: Readable & { truncated?: boolean };
}

/**
 * Reads a multipart/form-data request with busboy, streaming: `onFile` is called for each file
 * part, one at a time in order, and must consume its stream (resolve when done); text fields
 * are collected.
 * Resolves when the body has been read and every `onFile` settled.
 */
export function readMultipart(
  req: Request,
  opts: { maxFiles: number; maxFileBytes: number; onFile(file: MultipartFile): Promise<void> },
): Promise<Record<string, string>> {
  if (!req.is('multipart/form-data')) {
    throw new UnsupportedMediaTypeError('Send the upload as multipart/form-data');
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const pending: Promise<void>[] = [];
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: opts.maxFiles, fileSize: opts.maxFileBytes, fields: 50, fieldSize: 10_000 },
        defParamCharset: 'utf8',
      });
    } catch (error) {
      throw new ValidationError(`Unreadable multipart request: ${(error as Error).message}`);
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    // Files are handled one after the other, in the order sent (the next one waits, paused).
    let previous: Promise<void> = Promise.resolve();
    parser.on('file', (field, stream, info) => {
      const work = previous.then(() =>
        opts.onFile({ field, fileName: info.filename ?? '', stream }).catch((error: Error) => {
          stream.resume();
          throw error;
        }),
      );
      previous = work.catch(() => undefined);
      work.catch(fail);
      pending.push(work);
    });
    parser.on('filesLimit', () =>
      fail(new PayloadTooLargeError(`At most ${opts.maxFiles} files per request`)),
    );
    parser.on('error', (error: Error) =>
      fail(new ValidationError(`Unreadable multipart request: ${error.message}`)),
    );
    parser.on('close', () => {
      Promise.all(pending).then(
        () => {
          if (!failed) resolve(fields);
        },
        (error: Error) => fail(error),
      );
    });
    req.on('aborted', () => fail(new ValidationError('The upload was interrupted')));
    req.pipe(parser);
  });
}

/** Reads a whole file part into memory, refusing more than `maxBytes`. */
export async function readFilePart(
  stream: MultipartFile['stream'],
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.truncated) throw new PayloadTooLargeError(`${what} is larger than ${maxBytes} bytes`);
  return Buffer.concat(chunks);
}

/**
 * The client's file name reduced to a display name: the last path segment, control characters
 * removed, at most 255 characters ("../../etc/passwd" → "passwd").
 */
export function displayFileName(fileName: string): string {
  const last =
    fileName
      .split(/[\\/]/)
      .filter((s) => s && s !== '.' && s !== '..')
      .pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const controlCharacters = /[\u0000-\u001f\u007f]/g;
  const clean = last.replace(controlCharacters, '').trim().slice(0, 255);
  return clean || 'unnamed.jpg';
}
