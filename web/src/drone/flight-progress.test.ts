import { describe, expect, it } from 'vitest';
import { imagesPending, isFlightProcessed, processedFraction, runLimited } from './flight-progress';

describe('flight progress', () => {
  it('counts failed photos as finished', () => {
    expect(imagesPending({ total: 25, done: 20, failed: 3 })).toBe(2);
    expect(processedFraction({ total: 25, done: 20, failed: 3 })).toBeCloseTo(0.92, 10);
    expect(processedFraction({ total: 0, done: 0, failed: 0 })).toBe(0);
  });

  it('is finished only when every accepted photo is known to the server and processed', () => {
    expect(isFlightProcessed({ total: 3, done: 3, failed: 0 }, 5, 0)).toBe(false);
    expect(isFlightProcessed({ total: 5, done: 4, failed: 1 }, 5, 0)).toBe(true);
    expect(isFlightProcessed({ total: 5, done: 5, failed: 0 }, 5, 1)).toBe(false);
  });
});

describe('runLimited', () => {
  it('runs every item with no more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await runLimited([1, 2, 3, 4, 5], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(item);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
