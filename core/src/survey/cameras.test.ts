import { describe, expect, it } from 'vitest';
import {
  CAMERA_MODELS,
  cameraForImageSize,
  cameraForPhoto,
  findCameraByExifModel,
  findCameraById,
} from './cameras';

describe('camera catalog', () => {
  it('holds the Phantom 4 RTK with the figures of docs/design.md §5', () => {
    const camera = findCameraByExifModel('FC6310R');
    expect(camera).toMatchObject({
      id: 'phantom-4-rtk',
      sensorWidthMm: 13.2,
      sensorHeightMm: 8.8,
      focalLengthMm: 8.8,
      imageWidthPx: 5472,
      imageHeightPx: 3648,
    });
  });

  it('recognises EXIF model strings regardless of case and NUL padding', () => {
    expect(findCameraByExifModel('fc350\0\0 ')?.id).toBe('zenmuse-x3');
    expect(findCameraByExifModel('L1D-20c')?.id).toBe('mavic-2-pro');
    expect(findCameraByExifModel('M3E')?.id).toBe('mavic-3e-wide');
    expect(findCameraByExifModel('M30T')?.id).toBe('matrice-30-wide');
    expect(findCameraByExifModel('ZenmuseP1')?.id).toBe('matrice-350-p1-35mm');
    expect(findCameraByExifModel('ZH20T')?.id).toBe('zenmuse-h20-wide');
    expect(findCameraByExifModel('XT2')?.id).toBe('zenmuse-xt2-visible');
    expect(findCameraByExifModel('FC6360')?.id).toBe('phantom-4-multispectral');
    expect(findCameraByExifModel('Hasselblad X1D')).toBeUndefined();
  });

  it('has unique ids and EXIF models, and sensor aspect ratios that match the image sizes', () => {
    expect(new Set(CAMERA_MODELS.map((c) => c.id)).size).toBe(CAMERA_MODELS.length);
    const models = CAMERA_MODELS.flatMap((c) => c.exifModels);
    expect(new Set(models).size).toBe(models.length);
    for (const camera of CAMERA_MODELS) {
      const sensorAspect = camera.sensorWidthMm / camera.sensorHeightMm;
      const imageAspect = camera.imageWidthPx / camera.imageHeightPx;
      expect(Math.abs(sensorAspect - imageAspect) / imageAspect, camera.id).toBeLessThan(0.02);
    }
  });

  it('crops the sensor height for a 16:9 photo from a 4:3 sensor', () => {
    const x3 = findCameraById('zenmuse-x3')!;
    const used = cameraForImageSize(x3, 4000, 2250);
    expect(used.sensorWidthMm).toBe(6.17);
    expect(used.sensorHeightMm).toBeCloseTo(3.4706, 4);
    expect([used.imageWidthPx, used.imageHeightPx]).toEqual([4000, 2250]);
    expect(cameraForImageSize(x3, 4000, 3000).sensorHeightMm).toBe(4.55);
  });

  it('keeps the capture resolution for a downscaled copy, so GSD stays that of the original', () => {
    const p4rtk = findCameraById('phantom-4-rtk')!;
    expect(cameraForImageSize(p4rtk, 640, 427)).toEqual(p4rtk);
  });
});

describe('cameraForPhoto', () => {
  const p4rtk = findCameraById('phantom-4-rtk')!;
  const xt2 = findCameraById('zenmuse-xt2-visible')!;
  const p1Wide = findCameraById('matrice-350-p1-24mm')!;
  const p1 = findCameraById('matrice-350-p1-35mm')!;

  it('recognises the camera from EXIF when the flight names none', () => {
    expect(cameraForPhoto(null, xt2, 'XT2')).toBe(xt2);
    expect(cameraForPhoto(null, null, 'Unknown')).toBeNull();
  });

  it("keeps the flight's camera when it agrees with EXIF or EXIF names no known camera", () => {
    expect(cameraForPhoto(p4rtk, p4rtk, 'FC6310R')).toBe(p4rtk);
    expect(cameraForPhoto(p4rtk, null, 'FC9999')).toBe(p4rtk);
    expect(cameraForPhoto(p1Wide, p1, 'ZenmuseP1')).toBe(p1Wide);
  });

  it("takes the EXIF camera when the flight's contradicts the photo", () => {
    expect(cameraForPhoto(p4rtk, xt2, 'XT2')).toBe(xt2);
  });
});
