import { describe, expect, it } from 'vitest';
import { createDuplicateChecker } from './duplicate-checker';

describe('createDuplicateChecker', () => {
  it('returns the first row that used a key, and undefined for a new key', () => {
    const checker = createDuplicateChecker();
    expect(checker.firstRowWith([1, 2, 'S-1', 'METH', 1], 2)).toBeUndefined();
    expect(checker.firstRowWith([1, 2, 'S-1', 'METH', 2], 3)).toBeUndefined();
    expect(checker.firstRowWith([1, 2, 'S-1', 'METH', 1], 9)).toBe(2);
    expect(checker.size).toBe(2);
  });

  it('keeps every key through many table growths (100,000 keys, each found again)', () => {
    const checker = createDuplicateChecker(4);
    for (let i = 0; i < 100_000; i++)
      expect(checker.firstRowWith([i % 97, `S-${i}`, 'KET'], i + 2)).toBeUndefined();
    expect(checker.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997)
      expect(checker.firstRowWith([i % 97, `S-${i}`, 'KET'], 0)).toBe(i + 2);
  }, 30_000); // 100,000 expect() calls: seconds on a busy machine

  it('tells apart keys whose parts join to the same text differently', () => {
    const checker = createDuplicateChecker();
    checker.firstRowWith(['a', 'bc'], 2);
    expect(checker.firstRowWith(['ab', 'c'], 3)).toBeUndefined();
  });
});
