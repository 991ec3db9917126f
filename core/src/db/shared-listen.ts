import type { Db, NotificationHandlers } from './db';

/**
 * One `Db.listen` on a channel shared by every subscriber of a process: the first subscriber
 * starts it, the last one's unsubscribe stops it (then `onStop` runs, e.g. to forget a cursor).
 * The handlers are the owner's; it passes what it reads to the subscribers with `pass`.
 */
export class SharedListen<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private unlisten: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly db: Db,
    private readonly channel: string,
    private readonly handlers: NotificationHandlers,
    private readonly onStop?: () => void,
  ) {}

  /** Resolves once the channel is listened to; the function returned unsubscribes (once). */
  async subscribe(listener: (value: T) => void): Promise<() => void> {
    this.listeners.add(listener);
    const listening = (this.unlisten ??= this.db.listen(this.channel, this.handlers));
    try {
      await listening;
    } catch (error) {
      this.listeners.delete(listener);
      if (this.unlisten === listening) this.unlisten = undefined;
      throw error;
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unlisten) {
        const stop = this.unlisten;
        this.unlisten = undefined;
        this.onStop?.();
        void stop.then((unlisten) => unlisten()).catch(() => undefined);
      }
    };
  }

  /** Someone follows the channel. */
  get followed(): boolean {
    return this.listeners.size > 0;
  }

  pass(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}
