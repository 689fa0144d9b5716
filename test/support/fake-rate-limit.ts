/**
 * What the fake Slack and Telegram APIs use to enforce a platform's rate limits, written apart from
 * perfbot's send queue (a generic cell rate algorithm, not its token buckets) so that a queue which
 * overruns a limit is caught: a request over the limit gets a 429 and how many whole seconds
 * (platform time) to wait, as the platforms answer.
 */

/** `ratePerSecond` sustained, `burst` at once; `timeScale` shrinks the platform's second (0.05: 50 ms). */
export interface EnforcedLimit {
  ratePerSecond: number;
  burst: number;
}

/** Per key (a method, a channel, a chat), the theoretical arrival time of the next request (GCRA). */
export class FakeRateLimiter {
  private readonly tat = new Map<string, number>();
  /** requests refused with a 429 */
  refused = 0;

  constructor(private readonly timeScale: number) {}

  /**
   * Admits a request that counts against every one of `limits` (all or none), or returns the whole
   * platform seconds to wait before one would be admitted.
   */
  admit(limits: Array<{ key: string; limit: EnforcedLimit }>, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let wait = 0;
    const next: Array<[string, number]> = [];
    for (const { key, limit } of limits) {
      const interval = (1000 * this.timeScale) / limit.ratePerSecond;
      const tolerance = interval * (limit.burst - 1);
      const tat = Math.max(this.tat.get(key) ?? now, now);
      if (tat - now > tolerance) wait = Math.max(wait, tat - now - tolerance);
      next.push([key, tat + interval]);
    }
    if (wait > 0) {
      this.refused += 1;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / (1000 * this.timeScale))) };
    }
    for (const [key, tat] of next) this.tat.set(key, tat);
    return { ok: true };
  }
}
