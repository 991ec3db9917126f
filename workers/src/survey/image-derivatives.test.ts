import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageQcFlags } from '@skywater/core/survey/image-qc';
import { PIXEL_QC_LIMITS, type PixelQuality } from '@skywater/core/survey/pixel-quality';
import {
  assertWithinPixelLimit,
  makePreview,
  makeThumbnail,
  makeThumbnailWithQuality,
} from './image-derivatives';

// Only the pixel flags matter here: a photo with no position, time or gimbal (those flags are
// checked in image-qc.test.ts) gives no_gps, no_height and gimbal_missing, filtered out below.
const metadataFlags = ['no_gps', 'no_height', 'gimbal_missing', 'no_capture_time'];

/** A small real JPEG whose frame header is patched to claim `widthPx` × `heightPx`. */
async function jpegClaiming(widthPx: number, heightPx: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a5' } })
    .jpeg()
    .toBuffer();
  for (let offset = 2; offset < jpeg.length;) {
    const marker = jpeg[offset + 1]!;
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(heightPx, offset + 5);
      jpeg.writeUInt16BE(widthPx, offset + 7);
      return jpeg;
    }
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF');
}

describe('image derivatives', () => {
  it('makes a 256 px thumbnail and a 1280 px preview without enlarging small photos', async () => {
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    const before = Buffer.from(photo);
    expect(await sharp(await makePreview(photo, 200_000_000)).metadata()).toMatchObject({
      width: 1280,
      height: 960,
      format: 'jpeg',
    });
    expect(await sharp(await makeThumbnail(photo, 200_000_000)).metadata()).toMatchObject({
      width: 256,
      height: 192,
      format: 'jpeg',
    });
    expect(photo.equals(before)).toBe(true);
    const small = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    expect(await sharp(await makePreview(small, 200_000_000)).metadata()).toMatchObject({ width: 200 });
    expect(await sharp(await makeThumbnail(small, 200_000_000)).metadata()).toMatchObject({ width: 200 });
  });

  it('applies the EXIF orientation to both copies', async () => {
    const portrait = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#777' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect(await sharp(await makeThumbnail(portrait, 200_000_000)).metadata()).toMatchObject({
      width: 171,
      height: 256,
    });
    expect(await sharp(await makePreview(portrait, 200_000_000)).metadata()).toMatchObject({
      width: 853,
      height: 1280,
    });
  });

  it('refuses a 30,000 × 30,000 px photo by the pixel limit, before decoding it', async () => {
    const bomb = await jpegClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(2_000);
    expect(() => assertWithinPixelLimit(bomb, 200_000_000, 'bomb.jpg')).toThrow(
      'bomb.jpg: 30000 × 30000 px = 900,000,000 px is more than the limit of 200,000,000 px (IMAGE_MAX_PIXELS)',
    );
    await expect(makeThumbnail(bomb, 200_000_000, 'bomb.jpg')).rejects.toThrow(/more than the limit/);
    await expect(makePreview(bomb, 200_000_000, 'bomb.jpg')).rejects.toThrow(/more than the limit/);
    // libvips' own guard, set on every decode, refuses it as well.
    await expect(sharp(bomb, { limitInputPixels: 200_000_000 }).resize(256).toBuffer()).rejects.toThrow(
      /pixel limit/,
    );
  });

  it('refuses a progressive JPEG beyond 50 MP before decoding it (its decode would hold every coefficient)', async () => {
    // A small progressive JPEG whose frame header says 8,000 × 8,000 px: the check reads the
    // header only, so the pixels need not be there (encoding 64 MP takes a minute on a busy machine).
    const canvas = {
      width: 2_000,
      height: 1_500,
      channels: 3 as const,
      background: { r: 90, g: 120, b: 60 },
    };
    const small = await sharp({ create: canvas }).jpeg({ progressive: true }).toBuffer();
    const progressive = Buffer.from(small);
    const sof2 = progressive.indexOf(Buffer.from([0xff, 0xc2]));
    progressive.writeUInt16BE(8_000, sof2 + 5);
    progressive.writeUInt16BE(8_000, sof2 + 7);
    await expect(makeThumbnail(progressive, 200_000_000, 'p.jpg')).rejects.toThrow(
      'p.jpg: a progressive JPEG of 8000 × 8000 px is more than 50,000,000 px (decoded whole): save it as a baseline JPEG',
    );
    expect((await sharp(await makeThumbnail(small, 200_000_000)).metadata()).width).toBe(256);
  }, 60_000);

  it('refuses a truncated JPEG with a clear error', async () => {
    const photo = await sharp({
      create: {
        width: 1600,
        height: 1200,
        channels: 3 as const,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .toBuffer();
    const cut = photo.subarray(0, photo.length / 2);
    await expect(makeThumbnail(cut, 200_000_000, 'cut.jpg')).rejects.toThrow(
      /cut.jpg: the image cannot be decoded/,
    );
    await expect(makePreview(cut, 200_000_000, 'cut.jpg')).rejects.toThrow(
      /cut.jpg: the image cannot be decoded/,
    );
  });
});

const noMetadata = { gps: null, dji: null, capturedAt: null, heightAboveTakeoffM: null };
const pixelFlags = (pixelQuality: PixelQuality) =>
  imageQcFlags(noMetadata, { pixelQuality }).filter((flag) => !metadataFlags.includes(flag));

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/survey/${name}`, import.meta.url));

describe('thumbnail with sharpness and exposure (real photos)', () => {
  it('passes a real sharp, well exposed photo: Zenmuse XT2 and Skydio 2', async () => {
    for (const name of ['dji-zenmuse-xt2.jpg', 'skydio-2-catalina.jpg']) {
      const { thumbnail, pixelQuality } = await makeThumbnailWithQuality(fixture(name), 200_000_000, name);
      expect(await sharp(thumbnail).metadata(), name).toMatchObject({ format: 'jpeg' });
      expect(
        Math.max((await sharp(thumbnail).metadata()).width!, (await sharp(thumbnail).metadata()).height!),
      ).toBe(256);
      expect(pixelFlags(pixelQuality), name).toEqual([]);
      expect(pixelQuality.laplacianVariance, name).toBeGreaterThan(PIXEL_QC_LIMITS.minLaplacianVariance * 5);
    }
  });

  it('flags the XT2 photo blurred by a 32 px Gaussian, darkened to 15 % and washed out', async () => {
    const xt2 = fixture('dji-zenmuse-xt2.jpg');
    const flagsOf = async (photo: Buffer) =>
      pixelFlags((await makeThumbnailWithQuality(photo, 200_000_000)).pixelQuality);
    expect(await flagsOf(await sharp(xt2).blur(32).jpeg().toBuffer())).toEqual(['blurry']);
    expect(await flagsOf(await sharp(xt2).linear(0.15, 0).jpeg().toBuffer())).toEqual([
      'blurry',
      'underexposed',
    ]);
    expect(await flagsOf(await sharp(xt2).linear(2.5, 60).jpeg().toBuffer())).toEqual(['overexposed']);
  }, 120_000);

  it('refuses a truncated photo as makeThumbnail does', async () => {
    const xt2 = fixture('dji-zenmuse-xt2.jpg');
    await expect(makeThumbnailWithQuality(xt2.subarray(0, 200_000), 200_000_000, 'cut.jpg')).rejects.toThrow(
      /cut\.jpg: the image cannot be decoded/,
    );
  });
});
