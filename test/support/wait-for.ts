/**
 * Polls until a condition holds, instead of sleeping a fixed time: adapters process events after
 * the HTTP answer (Slack acks first) or in a polling loop (Telegram), so tests wait for the
 * recorded effect with a deadline.
 */

/** Resolves to the first truthy value of `probe`, polled every 10 ms; rejects after `timeoutMs` with `what`. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
