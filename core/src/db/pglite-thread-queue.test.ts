import { describe, expect, it } from 'vitest';
import type { ThreadLane, ThreadRequest } from './pglite-thread-messages';
import { INTERACTIVE_BURST, ThreadQueue } from './pglite-thread-queue';

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
});
