import { ValidationError } from '../errors/app-error';

const SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'TIFF (little-endian)', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF (big-endian)', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'WebP/RIFF', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46] },
  { name: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

/** True when the buffer starts like a JPEG (SOI marker followed by another marker). */
export function isJpeg(buffer: Buffer): boolean {
  return buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff;
}

/** Throws ValidationError naming what the file really is when it is not a JPEG. */
export function assertJpeg(buffer: Buffer, fileName = 'image'): void {
  if (isJpeg(buffer)) return;
  const actual = SIGNATURES.find((s) => s.bytes.every((byte, i) => buffer[i] === byte))?.name;
  throw new ValidationError(`${fileName}: not a JPEG${actual ? ` (the content is ${actual})` : ''}`);
}

// Start-of-frame markers carrying the image size (ITU-T T.81, Table B.1): C0-CF except
// C4 (DHT), C8 (JPG extension) and CC (DAC).
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Progressive and lossless-progressive frames: libjpeg buffers every coefficient of the image. */
const PROGRESSIVE_SOF_MARKERS = new Set([0xc2, 0xc6, 0xca, 0xce]);

export interface JpegFrame {
  widthPx: number;
  heightPx: number;
  /** Decoding buffers the whole image's coefficients (~3 bytes per pixel), whatever the output size. */
  progressive: boolean;
}

/**
 * Pixel size of a JPEG from its start-of-frame segment (the size actually encoded, which
 * EXIF's PixelXDimension may disagree with after an edit), or null when the headers end
 * before one is found (a truncated file).
 */
export function jpegDimensions(buffer: Buffer): { widthPx: number; heightPx: number } | null {
  const frame = jpegFrame(buffer);
  return frame && { widthPx: frame.widthPx, heightPx: frame.heightPx };
}

/** The start-of-frame of a JPEG: its size and whether it is progressive (null: none found). */
export function jpegFrame(buffer: Buffer): JpegFrame | null {
  const scan = scanJpegFrame(buffer);
  return scan.kind === 'frame' ? scan.frame : null;
}

/**
 * Reads the markers of a JPEG's head up to its start-of-frame. `more`: the buffer ends before
 * the frame header (a stream may bring it); `none`: the headers are broken, or the scan data or
 * end of image comes first, so no frame header will follow.
 */
export function scanJpegFrame(
  buffer: Buffer,
): { kind: 'frame'; frame: JpegFrame } | { kind: 'more' } | { kind: 'none' } {
  let offset = 2;
  while (offset + 4 <= buffer.length) {
    if (buffer[offset] !== 0xff) return { kind: 'none' };
    const marker = buffer[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = buffer.readUInt16BE(offset + 2);
    if (SOF_MARKERS.has(marker)) {
      if (offset + 9 > buffer.length) return { kind: 'more' };
      return {
        kind: 'frame',
        frame: {
          heightPx: buffer.readUInt16BE(offset + 5),
          widthPx: buffer.readUInt16BE(offset + 7),
          progressive: PROGRESSIVE_SOF_MARKERS.has(marker),
        },
      };
    }
    if (marker === 0xda || marker === 0xd9) return { kind: 'none' };
    offset += 2 + length;
  }
  return { kind: 'more' };
}
