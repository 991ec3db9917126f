import { describe, expect, it } from 'vitest';
import type { ThreadLane, ThreadRequest } from './pglite-thread-messages';
import {
  FOREGROUND_HOLD_MS,
  FOREGROUND_LEASE_MS,
  INTERACTIVE_BURST,
  ThreadQueue,
} from './pglite-thread-queue';

const query = (id: number, lane: ThreadLane, txId?: number) => ({
  id,
  lane,
  request: { op: 'query', sql: `select ${id}`, txId } as ThreadRequest,
});

const drain = (queue: ThreadQueue) => {
  const ids: number[] = [];
  for (let next = queue.next(); next; next = queue.next()) ids.push(next.id);
  return ids;
};

describe('the embedded database thread queue', () => {
  it('runs interactive requests before background ones, in arrival order within a lane', () => {
    const queue = new ThreadQueue();
    queue.add(query(1, 'background'));
    queue.add(query(2, 'background'));
    queue.add(query(3, 'interactive'));
    queue.add(query(4, 'interactive'));
    expect(drain(queue)).toEqual([3, 4, 1, 2]);
  });

  it(`lets one background request through after ${INTERACTIVE_BURST} interactive ones in a row`, () => {
    const queue = new ThreadQueue();
    queue.add(query(100, 'background'));
    for (let i = 1; i <= INTERACTIVE_BURST + 2; i++) queue.add(query(i, 'interactive'));
    const order = drain(queue);
    expect(order.indexOf(100)).toBe(INTERACTIVE_BURST);
    expect(order).toHaveLength(INTERACTIVE_BURST + 3);
  });

  it('runs only the open transaction’s statements until it ends, whatever their lane', () => {
    const queue = new ThreadQueue();
    queue.add({ id: 1, lane: 'background', request: { op: 'begin' } });
    expect(queue.next()?.id).toBe(1);
    queue.holdFor(7);
    queue.add(query(2, 'interactive'));
    queue.add(query(3, 'background', 7));
    expect(queue.next()?.id).toBe(3);
    expect(queue.next()).toBeUndefined(); // the login waits: the transaction holds the backend
    queue.add({ id: 4, lane: 'background', request: { op: 'end', txId: 7, commit: true } });
    expect(queue.next()?.id).toBe(4);
    queue.holdFor(null);
    expect(drain(queue)).toEqual([2]);
  });

  it('drops a request withdrawn before it started, and only that one', () => {
    const queue = new ThreadQueue();
    queue.add(query(1, 'interactive'));
    queue.add(query(2, 'background'));
    expect(queue.cancel(2)).toBe(true);
    expect(queue.cancel(99)).toBe(false);
    expect(drain(queue)).toEqual([1]);
    expect(queue.cancel(1)).toBe(false); // already started
  });

  it('answers a statement of a transaction that is not open rather than keep it', () => {
    const queue = new ThreadQueue();
    queue.add(query(1, 'background', 42));
    expect(drain(queue)).toEqual([1]);
  });

  describe("a person's request holding the background back (its lease)", () => {
    it('holds a background request while a lease is open and frees it when the lease closes', () => {
      const queue = new ThreadQueue();
      queue.add(query(1, 'background'));
      expect(queue.backgroundHoldMs(1_000)).toBe(0); // no lease: it may run
      queue.openLease(7, 1_000);
      expect(queue.backgroundHoldMs(1_000)).toBe(FOREGROUND_HOLD_MS);
      expect(queue.backgroundHoldMs(1_200)).toBe(FOREGROUND_HOLD_MS - 200);
      queue.closeLease(7);
      expect(queue.backgroundHoldMs(1_300)).toBe(0);
      expect(drain(queue)).toEqual([1]);
    });

    it(`lets a background request run once it has been held ${FOREGROUND_HOLD_MS} ms, then holds the next anew`, () => {
      const queue = new ThreadQueue();
      queue.add(query(1, 'background'));
      queue.add(query(2, 'background'));
      queue.openLease(1, 0);
      expect(queue.backgroundHoldMs(100)).toBe(FOREGROUND_HOLD_MS);
      expect(queue.backgroundHoldMs(100 + FOREGROUND_HOLD_MS)).toBe(0);
      expect(queue.next()?.id).toBe(1);
      // The lease is still open: the next background request starts a hold of its own.
      expect(queue.backgroundHoldMs(200 + FOREGROUND_HOLD_MS)).toBe(FOREGROUND_HOLD_MS);
    });

    it('keeps holding while any of several leases is open', () => {
      const queue = new ThreadQueue();
      queue.add(query(1, 'background'));
      queue.openLease(1, 0);
      queue.openLease(2, 0);
      queue.closeLease(1);
      expect(queue.backgroundHoldMs(10)).toBeGreaterThan(0);
      queue.closeLease(2);
      expect(queue.backgroundHoldMs(20)).toBe(0);
    });

    it(`forgets a lease never closed after ${FOREGROUND_LEASE_MS} ms`, () => {
      const queue = new ThreadQueue();
      queue.add(query(1, 'background'));
      queue.openLease(1, 0);
      expect(queue.backgroundHoldMs(FOREGROUND_LEASE_MS)).toBe(0);
      queue.openLease(2, FOREGROUND_LEASE_MS);
      expect(queue.backgroundHoldMs(FOREGROUND_LEASE_MS + 1)).toBe(FOREGROUND_HOLD_MS);
    });
  });
});
