import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ValidationError } from '../errors/app-error';

/**
 * Limits on a KMZ (a zip holding a KML and its images), checked before and while reading:
 * a zip bomb (a few kB that inflate to gigabytes) is refused, not unpacked.
 */
export interface KmzLimits {
  maxEntries: number;
  /** Largest total of the entries' declared uncompressed sizes, and of the KML read. */
  maxUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed size of one entry. XML deflates 5-20×; bombs 1000×. */
  maxCompressionRatio: number;
}

export const DEFAULT_KMZ_LIMITS: KmzLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 100,
};

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // validateEntrySizes makes yauzl fail a stream that inflates to more than declared;
    // strictFileNames refuses "../" and absolute names instead of rewriting them.
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

function listEntries(zip: ZipFile, limits: KmzLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let declaredBytes = 0;
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      declaredBytes += entry.uncompressedSize;
      const ratio =
        entry.compressedSize > 0
          ? entry.uncompressedSize / entry.compressedSize
          : entry.uncompressedSize > 0
            ? Infinity
            : 1;
      if (entries.length > limits.maxEntries) {
        reject(new ValidationError(`KMZ: more than ${limits.maxEntries} entries in the archive; refused`));
      } else if (declaredBytes > limits.maxUncompressedBytes) {
        reject(
          new ValidationError(
            `KMZ: would unpack to more than ${limits.maxUncompressedBytes} bytes; refused as a possible zip bomb`,
          ),
        );
      } else if (ratio > limits.maxCompressionRatio) {
        reject(
          new ValidationError(
            `KMZ: entry "${entry.fileName}" is compressed ${ratio === Infinity ? 'infinitely' : `${Math.round(ratio)}×`} (limit ${limits.maxCompressionRatio}×); refused as a possible zip bomb`,
          ),
        );
      } else {
        zip.readEntry();
        return;
      }
      zip.close();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(error));
    zip.readEntry();
  });
}

function readEntry(zip: ZipFile, entry: Entry, limits: KmzLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxUncompressedBytes) {
          stream.destroy();
          reject(
            new ValidationError(
              `KMZ: "${entry.fileName}" unpacks to more than ${limits.maxUncompressedBytes} bytes; refused`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

/**
 * The main KML document of a KMZ: `doc.kml` at the root when present (the KML 2.2
 * convention), else the first `.kml` entry. Reads from a Buffer, never from disk.
 * Throws ValidationError for a damaged zip, a zip without KML, or one breaking the limits.
 */
export async function readKmlFromKmz(
  buffer: Buffer,
  limits: KmzLimits = DEFAULT_KMZ_LIMITS,
): Promise<Buffer> {
  let zip: ZipFile | undefined;
  try {
    zip = await openZip(buffer);
    const entries = await listEntries(zip, limits);
    const kmlEntries = entries.filter(
      (e) => !e.fileName.endsWith('/') && e.fileName.toLowerCase().endsWith('.kml'),
    );
    const main = kmlEntries.find((e) => e.fileName.toLowerCase() === 'doc.kml') ?? kmlEntries[0];
    if (!main) throw new ValidationError('KMZ: the archive holds no .kml document');
    // lazyEntries reached the end, so the zip may have auto-closed: reopen to read.
    zip.close();
    zip = await openZip(buffer);
    return await readEntry(zip, main, limits);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`KMZ: not a readable zip archive (${(error as Error).message})`);
  } finally {
    if (zip?.isOpen) zip.close();
  }
}
