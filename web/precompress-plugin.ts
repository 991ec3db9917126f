import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text, and at least 1 kB (below it the headers cost more). */
const compressible = /\.(js|mjs|css|html|svg|json|txt)$/;
const minBytes = 1024;

/**
 * Writes `file.br` (Brotli, quality 11) and `file.gz` (gzip, level 9) beside every compressible
 * file of the build, once, at build time: the server sends them as they are to browsers that
 * accept them (server/src/web/precompressed.ts), so no request pays for compressing, and a police
 * intranet link carries ≈ 0.5 MB of JavaScript for the map screen instead of ≈ 1.9 MB.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'skywater-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      // A failed build wrote nothing: leave its own error to be seen.
      if (!fs.existsSync(outDir)) return;
      for (const file of filesUnder(outDir)) {
        if (!compressible.test(file)) continue;
        const content = fs.readFileSync(file);
        if (content.length < minBytes) continue;
        fs.writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
      }
    },
  };
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}
