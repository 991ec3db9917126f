// Entry of the embedded database's thread. A worker thread does not inherit the TypeScript
// loader its parent runs under (tsx for `npm start`, vite-node under vitest), so it loads tsx
// itself before the thread's TypeScript.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pglite-thread.ts', import.meta.url);
