import type { ThreadLane, ThreadRequest } from './pglite-thread-messages';

export interface QueuedRequest {
  id: number;
  lane: ThreadLane;
  request: ThreadRequest;
}

/**
 * After this many interactive requests in a row, one waiting background request goes first, so
 * a steady stream of map tiles cannot starve the jobs for ever.
 */
export const INTERACTIVE_BURST = 8;

/**
 * How long the thread keeps its backend free for an interactive request's next statement
 * before it starts a background one (pglite-thread.ts): a round trip to the main thread and
 * back is well under a millisecond when idle, a few on a loaded machine.
 */
export const ANTICIPATION_MS = 3;

/**
 * While a person's request is open (its lease, see `openLease`), a background request waits
 * rather than start between two of that request's statements: a login is a few statements with
 * a password hash between them, and a job statement started in such a gap would make the login
 * wait for it whole. The wait is bounded twice, so jobs are never starved: one hold lasts at most
 * FOREGROUND_HOLD_MS (then one background request runs and a new hold may begin), and a lease
 * that was never closed stops counting after FOREGROUND_LEASE_MS.
 */
export const FOREGROUND_HOLD_MS = 5_000;
export const FOREGROUND_LEASE_MS = 60_000;

/**
 * The order in which the embedded database's one backend takes requests. PGlite runs one
 * statement at a time and cannot interrupt it, so what a person waits for is decided here:
 * - an open transaction holds the database: only its own statements (and its end) run until
 *   it ends, as on any PostgreSQL connection;
 * - otherwise an interactive request (an API route, a tile) goes before a background one (a
 *   job), with one background request let through after INTERACTIVE_BURST interactive ones;
 * - while a person's request is open (a lease), background requests wait for it to end, for
 *   FOREGROUND_HOLD_MS at most;
 * - a request whose caller stopped waiting (statement timeout) is dropped before it starts.
 * A login thus waits for at most the one statement already running, not for a queue of job
 * statements; heavy work is cut into bounded statements so that one is short (README, "Limits").
 */
export class ThreadQueue {
  private readonly lanes: Record<ThreadLane, QueuedRequest[]> = { interactive: [], background: [] };
  private readonly ofTransaction: QueuedRequest[] = [];
  private openTransaction: number | null = null;
  private interactiveInARow = 0;
  /** Open leases of people's requests: id → when it was opened (ms). */
  private readonly leases = new Map<number, number>();
  /** Since when a background request has been held back by open leases (ms), or null. */
  private heldSince: number | null = null;

  add(queued: QueuedRequest): void {
    const txId = 'txId' in queued.request ? queued.request.txId : undefined;
    if (txId !== undefined && txId === this.openTransaction) this.ofTransaction.push(queued);
    // A statement of a transaction that is not open fails at once (handled as the next request).
    else if (txId !== undefined) this.lanes.interactive.unshift(queued);
    else this.lanes[queued.lane].push(queued);
  }

  /** Drops a request that has not started; false when it already has (or never came). */
  cancel(id: number): boolean {
    for (const list of [this.ofTransaction, this.lanes.interactive, this.lanes.background]) {
      const index = list.findIndex((q) => q.id === id);
      if (index >= 0) {
        list.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /** The next request to run, or undefined when none may run now. */
  next(): QueuedRequest | undefined {
    if (this.openTransaction !== null) return this.ofTransaction.shift();
    const { interactive, background } = this.lanes;
    const backgroundsTurn = background.length > 0 && this.interactiveInARow >= INTERACTIVE_BURST;
    if (interactive.length > 0 && !backgroundsTurn) {
      this.interactiveInARow++;
      return interactive.shift();
    }
    this.interactiveInARow = 0;
    const next = background.shift();
    if (next) this.heldSince = null;
    return next;
  }

  /** A person's request began (the server opens a lease per API or tile request). */
  openLease(id: number, nowMs: number): void {
    this.leases.set(id, nowMs);
  }

  /** That request ended (answered, or its client went away). */
  closeLease(id: number): void {
    this.leases.delete(id);
    if (this.leases.size === 0) this.heldSince = null;
  }

  /**
   * How long the next background request must still wait for open leases (0: it may run now).
   * The first call that holds it starts the hold; FOREGROUND_HOLD_MS later it runs regardless.
   */
  backgroundHoldMs(nowMs: number): number {
    for (const [id, openedAt] of this.leases)
      if (nowMs - openedAt >= FOREGROUND_LEASE_MS) this.leases.delete(id);
    if (this.leases.size === 0) {
      this.heldSince = null;
      return 0;
    }
    this.heldSince ??= nowMs;
    return Math.max(0, this.heldSince + FOREGROUND_HOLD_MS - nowMs);
  }

  /** True when the request next() would give is a job's (no transaction open, none interactive). */
  nextIsBackground(): boolean {
    return (
      this.openTransaction === null &&
      this.lanes.interactive.length === 0 &&
      this.lanes.background.length > 0
    );
  }

  /** A transaction began (its statements now run alone) or ended (null). */
  holdFor(txId: number | null): void {
    this.openTransaction = txId;
    // Left behind by an ended transaction: answered (as not open) rather than kept for ever.
    if (txId === null) this.lanes.interactive.unshift(...this.ofTransaction.splice(0));
  }

  get waiting(): number {
    return this.ofTransaction.length + this.lanes.interactive.length + this.lanes.background.length;
  }
}
