/**
 * The send queue against fake Slack and Telegram APIs that enforce the platforms' rate limits
 * (answering 429 + Retry-After past them), on a second shortened to a few milliseconds: 2,000
 * reminders go out through the real adapters, none lost, none sent twice, each chat's in order.
 * The rate achieved against the rate allowed is a bench figure (npm run bench), not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/chat/port.js';
import { SendQueue, telegramLimits } from '../../src/chat/send-queue.js';
import { slackBurst, telegramBurst, type BurstResult } from '../support/send-burst.js';

function expectEveryMessageOnceInOrder(result: BurstResult, messages: number): void {
  expect(result.failures).toEqual([]);
  const all = [...result.received.values()].flat();
  expect(all).toHaveLength(messages);
  expect(new Set(all).size).toBe(messages);
  for (const [chat, texts] of result.sent) expect(result.received.get(chat), `chat ${chat}`).toEqual(texts);
}

describe('send queue honouring platform limits', () => {
  it('delivers 2,000 Telegram reminders to 100 chats within 30/s overall and 1/s per chat: none lost, none twice, in order', async () => {
    const result = await telegramBurst({ messages: 2000, chats: 100, timeScale: 0.02 });
    expectEveryMessageOnceInOrder(result, 2000);
    // paced, not pushed and refused: unpaced, nearly every send would meet a 429 (and some give up)
    expect(result.refused).toBeLessThan(500);
  });

  it('delivers 2,000 Slack reminders within chat.postMessage 1/s per channel and conversations.open tier 3: none lost, none twice, in order', async () => {
    const result = await slackBurst({ messages: 2000, chats: 100, timeScale: 0.05, byUserId: 15 });
    expectEveryMessageOnceInOrder(result, 2000);
    expect(result.refused).toBeLessThan(500);
  });

  it('makes a call again after a short 429 and hands a long one to the caller', async () => {
    const queue = new SendQueue({ platform: 'telegram', limitsOf: telegramLimits, timeScale: 0.01 });
    let calls = 0;
    const once = await queue.run('sendMessage', '1', async () => {
      calls += 1;
      if (calls === 1) throw new PlatformError('telegram', 'sendMessage', '429', 1);
      return 'sent';
    });
    expect(once).toBe('sent');
    expect(calls).toBe(2);

    const long = await queue.run('sendMessage', '2', () => Promise.reject(new PlatformError('telegram', 'sendMessage', '429', 30))).catch((e: unknown) => e);
    expect(long).toMatchObject({ code: '429', retryAfterSeconds: 30 });
    expect(queue.rateLimited).toBe(2);
  });
});
