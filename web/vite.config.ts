import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress-plugin.ts';

// The server (server/) serves web/dist at `/` and owns `/api`, `/tiles` and `/basemap`;
// in development Vite forwards those paths to it so the app runs on one origin either way.
// SKYWATER_SERVER_ORIGIN points the dev server elsewhere, e.g. at a server on another port.
const serverOrigin = process.env.SKYWATER_SERVER_ORIGIN ?? 'http://127.0.0.1:8080';
const serverPaths = ['/api', '/tiles', '/basemap'];

// A build is what the server serves: always React's production build, whatever NODE_ENV the
// caller runs in (under Vitest it is `test`, which gave the browser tests React's development
// build when the harness rebuilt the app: every effect run twice, the checks in).
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(
      serverPaths.map((path) => [path, { target: serverOrigin, changeOrigin: false }]),
    ),
  },
  preview: {
    proxy: Object.fromEntries(
      serverPaths.map((path) => [path, { target: serverOrigin, changeOrigin: false }]),
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // MapLibre alone is ~1 MB minified (~280 kB gzipped); it lives in the map screen's chunk.
    chunkSizeWarningLimit: 1200,
    // Nothing inlined as a data: URL that could hide a large asset in a chunk.
    assetsInlineLimit: 4096,
  },
});
