/**
 * Remembers which measurement keys a file has already used, in constant memory per row: each
 * key is kept as a 96-bit hash with the row that used it first, in an open-addressing table of
 * 32-bit words (16 bytes per entry, at most half full): about 32 MB for 1,000,000 rows, where a
 * `Map` of string keys costs ~120 MB. The chance that two different keys of a million-row file
 * share a 96-bit hash is below 1e-17.
 */
export interface DuplicateChecker {
  /** Records the key; returns the row that used it first, or undefined when it is new. */
  firstRowWith(keyParts: readonly (string | number)[], row: number): number | undefined;
  readonly size: number;
}

const WORDS_PER_ENTRY = 4; // hash a, hash b, hash c, row + 1 (0 = empty slot)

export function createDuplicateChecker(initialCapacity = 1024): DuplicateChecker {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  let table = new Uint32Array(capacity * WORDS_PER_ENTRY);
  let size = 0;

  /** Finds the slot of a hash: its own if present, else the empty slot where it would go. */
  const slotOf = (words: Uint32Array, cap: number, a: number, b: number, c: number): number => {
    let slot = a & (cap - 1);
    for (;;) {
      const base = slot * WORDS_PER_ENTRY;
      if (words[base + 3] === 0) return slot;
      if (words[base] === a && words[base + 1] === b && words[base + 2] === c) return slot;
      slot = (slot + 1) & (cap - 1);
    }
  };

  const grow = () => {
    const old = table;
    const oldCapacity = capacity;
    capacity *= 2;
    table = new Uint32Array(capacity * WORDS_PER_ENTRY);
    for (let slot = 0; slot < oldCapacity; slot++) {
      const base = slot * WORDS_PER_ENTRY;
      if (old[base + 3] === 0) continue;
      const target = slotOf(table, capacity, old[base]!, old[base + 1]!, old[base + 2]!) * WORDS_PER_ENTRY;
      table.set(old.subarray(base, base + WORDS_PER_ENTRY), target);
    }
  };

  return {
    firstRowWith(keyParts, row) {
      hash64(keyParts, 0x9e3779b9);
      const a = hashLow;
      const b = hashHigh;
      hash64(keyParts, 0x85ebca6b);
      const c = hashLow;
      const base = slotOf(table, capacity, a, b, c) * WORDS_PER_ENTRY;
      if (table[base + 3] !== 0) return table[base + 3]! - 1;
      table[base] = a;
      table[base + 1] = b;
      table[base + 2] = c;
      table[base + 3] = row + 1;
      size++;
      if (size * 2 > capacity) grow();
      return undefined;
    },
    get size() {
      return size;
    },
  };
}

// The two lanes of the last hash64 (module state: no array per call, in a loop run per row).
let hashLow = 0;
let hashHigh = 0;

/**
 * Two 32-bit lanes of cyrb53 (bryc, public domain) before they are folded into 53 bits, of the
 * parts joined by U+001F (without building the joined string), into hashLow and hashHigh.
 */
function hash64(parts: readonly (string | number)[], seed: number): void {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      h1 = Math.imul(h1 ^ 0x1f, 2654435761);
      h2 = Math.imul(h2 ^ 0x1f, 1597334677);
    }
    const part = parts[p]!;
    const text = typeof part === 'string' ? part : String(part);
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashLow = h1 >>> 0;
  hashHigh = h2 >>> 0;
}
