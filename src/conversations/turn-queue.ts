/**
 * In-process order of turns: one person's events run one after another in the order they arrived
 * (each sees the state the previous one left), and at most `limit` turns run at once, so turns that
 * hold a transaction cannot take every pooled connection from the reads they need. Across processes
 * the conversation's revision does the same job (see db/conversation-store.ts).
 */
export class TurnQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit = 4) {}

  /** Runs `work` after the earlier turns of the same key (a chat account), within the concurrency limit. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.limited(work), () => this.limited(work));
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    // A finishing turn hands its slot straight to the next waiting one.
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
