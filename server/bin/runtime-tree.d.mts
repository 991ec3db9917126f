/** Lays the production image's /app in `dir` (replacing what is there) and returns `dir`. */
export function layRuntimeTree(dir: string): Promise<string>;
