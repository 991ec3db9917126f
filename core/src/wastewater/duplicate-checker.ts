/**
 * Remembers which measurement keys a file has already used, in constant memory per row:
 * each key is kept as a 106-bit hash (two 53-bit cyrb53 hashes), about 60 bytes per row, so
 * a 1,000,000-row file costs ~60 MB rather than the keys' full text. The chance of two
 * different keys colliding among a million is below 1e-19.
 */
export interface DuplicateChecker {
  /** Records the key; returns the row that used it first, or undefined when it is new. */
  firstRowWith(keyParts: readonly (string | number)[], row: number): number | undefined;
  readonly size: number;
}

export function createDuplicateChecker(): DuplicateChecker {
  const firstRow = new Map<string, number>();
  return {
    firstRowWith(keyParts, row) {
      const key = keyParts.map(String).join('\u001f');
      const hashed = cyrb53(key, 0x9e37).toString(36) + ':' + cyrb53(key, 0x85eb).toString(36);
      const earlier = firstRow.get(hashed);
      if (earlier !== undefined) return earlier;
      firstRow.set(hashed, row);
      return undefined;
    },
    get size() {
      return firstRow.size;
    },
  };
}

/** cyrb53 (bryc, public domain): a fast 53-bit string hash. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
