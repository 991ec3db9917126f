/** Bytes of one COPY buffer; a chunk of 10,000 rows (~1.5 MB) fills a few. */
const COPY_PART_BYTES = 256 * 1024;

/**
 * Writes COPY lines straight into byte buffers, so each line's strings die young (a chunk kept as
 * strings holds every row's pieces until it is sent: 10,000 rows of garbage promoted to V8's old
 * generation per chunk). The buffers are reused: a chunk's go back once it is stored.
 */
export class CopyBuffers {
  private readonly free: Buffer[] = [];
  private parts: Buffer[] = [];
  private current: Buffer | null = null;
  private used = 0;

  /** Appends one line (a line never spans two buffers). */
  write(line: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.current === null || this.used + line.length * 3 > this.current.length) {
      this.seal();
      const size = Math.max(COPY_PART_BYTES, line.length * 3);
      this.current =
        size === COPY_PART_BYTES ? (this.free.pop() ?? Buffer.allocUnsafe(size)) : Buffer.allocUnsafe(size);
      this.used = 0;
    }
    this.used += this.current.write(line, this.used, 'utf8');
  }

  /** The lines written since the last call, as byte chunks that each end at a line end. */
  take(): Buffer[] {
    this.seal();
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  /** Gives back the buffers of a chunk that has been stored. */
  release(parts: readonly Buffer[]): void {
    for (const part of parts) {
      if (part.buffer.byteLength === COPY_PART_BYTES && this.free.length < 16)
        this.free.push(Buffer.from(part.buffer, 0, COPY_PART_BYTES));
    }
  }

  private seal(): void {
    if (this.current !== null && this.used > 0) this.parts.push(this.current.subarray(0, this.used));
    else if (this.current !== null && this.current.length === COPY_PART_BYTES) this.free.push(this.current);
    this.current = null;
    this.used = 0;
  }
}
