import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DraftChunk } from './lab-import-drafts';

/**
 * A dry run's checked rows on local disk while its checks run in a transaction that is rolled
 * back; they go to the database (lab_import_draft_chunks) once it is. Memory stays flat: only
 * each chunk's length and row count are kept.
 */
export class DraftSpool {
  private readonly chunks: { bytes: number; rows: number }[] = [];

  private constructor(
    private readonly dir: string,
    private readonly handle: fs.promises.FileHandle,
  ) {}

  static async create(): Promise<DraftSpool> {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'skywater-lab-draft-'));
    return new DraftSpool(dir, await fs.promises.open(path.join(dir, 'rows.copy'), 'w+'));
  }

  /** Appends one chunk's COPY text (its buffers may be reused once this resolves). */
  async write(parts: readonly Buffer[], rows: number): Promise<void> {
    let bytes = 0;
    for (const part of parts) bytes += part.length;
    await this.handle.writev(parts as Buffer[]);
    this.chunks.push({ bytes, rows });
  }

  /** The chunks written, in order. */
  async *read(): AsyncGenerator<DraftChunk> {
    let position = 0;
    for (const chunk of this.chunks) {
      const copyText = Buffer.allocUnsafe(chunk.bytes);
      await this.handle.read(copyText, 0, chunk.bytes, position);
      position += chunk.bytes;
      yield { rows: chunk.rows, copyText };
    }
  }

  async remove(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}
