import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/**
 * Memory of making a photo's thumbnail from a JPEG whose header claims 14,000 × 14,000 px
 * (196 MP, under the 200 MP IMAGE_MAX_PIXELS), baseline and progressive, each in a fresh child
 * process: peak RSS above the start, and the outcome (made, or refused before decoding).
 */
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === 'child') {
  const { makeThumbnail } = await import('../../workers/src/survey/image-derivatives');
  const original = fs.readFileSync(process.argv[3]!);
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let outcome = 'thumbnail made';
  try {
    await makeThumbnail(original, 200_000_000, path.basename(process.argv[3]!));
  } catch (error) {
    outcome = `refused: ${(error as Error).message}`;
  }
  clearInterval(sampler);
  console.log(
    `peak RSS +${((Math.max(peak, process.memoryUsage().rss) - start) / 1048576).toFixed(0)} MB; ${outcome}`,
  );
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jpeg-memory-'));
  try {
    for (const progressive of [false, true]) {
      const file = path.join(dir, progressive ? 'progressive-14000.jpg' : 'baseline-14000.jpg');
      const canvas = {
        width: 14_000,
        height: 14_000,
        channels: 3 as const,
        background: { r: 90, g: 120, b: 60 },
      };
      fs.writeFileSync(file, await sharp({ create: canvas }).jpeg({ progressive, quality: 50 }).toBuffer());
      const child = spawnSync(process.execPath, ['--import', 'tsx', here, 'child', file], {
        encoding: 'utf8',
      });
      const kb = (fs.statSync(file).size / 1024).toFixed(0);
      console.log(`${path.basename(file)} (${kb} kB): ${(child.stdout + child.stderr).trim()}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
