/** The workers' progress on a flight's photos, as `GET /api/flights/:id` reports it. */
export interface ImageProgress {
  total: number;
  done: number;
  failed: number;
}

/** Photos still waiting for the workers (never negative). */
export function imagesPending(progress: ImageProgress): number {
  return Math.max(0, progress.total - progress.done - progress.failed);
}

/** Fraction (0-1) of the flight's photos the workers have finished, failed ones included. */
export function processedFraction(progress: ImageProgress): number {
  if (progress.total <= 0) return 0;
  return Math.min(1, (progress.done + progress.failed) / progress.total);
}

/**
 * Whether the flight is finished: every upload answered and every accepted photo processed
 * (`expectedImages` = photos the server accepted; the server's total may lag behind it).
 */
export function isFlightProcessed(
  progress: ImageProgress,
  expectedImages: number,
  uploadsInFlight: number,
): boolean {
  return uploadsInFlight === 0 && progress.total >= expectedImages && imagesPending(progress) === 0;
}

/**
 * Runs `task` over `items` with at most `limit` at once (uploads: two at a time keep the line
 * busy without starving the map tiles on a police intranet).
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  });
  await Promise.all(lanes);
}
