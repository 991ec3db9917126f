import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readLabFile, sniffFileKind } from '@skywater/core/wastewater/lab-file';
import { validateLabRows } from '@skywater/core/wastewater/lab-validation';
import type { LabImportSource } from './lab-import-types';

/** A CSV or XLSX on disk (an upload spooled to a temporary file, or a demo file) as an import source. */
export async function labFileSource(
  file: { path: string; fileName: string; sha256?: string; bytes?: number },
  maxBytes: number,
): Promise<LabImportSource> {
  const handle = await fs.promises.open(file.path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return {
    fileName: file.fileName,
    sha256: file.sha256 ?? (await sha256OfFile(file.path)),
    bytes: file.bytes ?? (await fs.promises.stat(file.path)).size,
    format: sniffFileKind(head) === 'xlsx' ? 'xlsx' : 'csv',
    events: (context) =>
      validateLabRows(
        // 64 KiB reads: the rows csv-parse makes of one read are consumed before they age.
        readLabFile(fs.createReadStream(file.path, { highWaterMark: 64 * 1024 }), { maxBytes }),
        context,
      ),
  };
}

export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
