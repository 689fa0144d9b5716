/**
 * The send queue when calls reach the platform later than they start (an HTTP client's own queue, a
 * busy machine): the platform counts a call when it arrives, so a chat's first burst arriving late
 * moves the platform's count later than the queue's, and the call after the burst, sent on time,
 * would be refused with a 429 and a whole second's pause. The platform here is the fakes' own
 * limiter (a cell rate algorithm written apart from the queue), with the arrival delayed in the call.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/chat/port.js';
import { SendQueue, type LimitsOf } from '../../src/chat/send-queue.js';
import { FakeRateLimiter } from '../support/fake-rate-limit.js';

const TIME_SCALE = 0.02;
const PER_CHAT = { ratePerSecond: 1, burst: 3 };
const limitsOf: LimitsOf = (_method, chat) => [{ name: `chat:${chat}`, limit: PER_CHAT }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('send queue, calls arriving late', () => {
  it('a chat whose first call reaches the platform late still meets no 429: the queue also counts calls at their completion', async () => {
    const platform = new FakeRateLimiter(TIME_SCALE);
    const queue = new SendQueue({ platform: 'slack', limitsOf, timeScale: TIME_SCALE });
    const arrived = new Map<string, number[]>();
    const send = (chat: string, n: number) =>
      queue.run('chat.postMessage', chat, async () => {
        // the first call of each chat is held up on its way for longer than one interval (20 ms here)
        await sleep(n === 0 ? 45 : 1);
        const admitted = platform.admit([{ key: chat, limit: PER_CHAT }]);
        if (!admitted.ok) throw new PlatformError('slack', 'chat.postMessage', '429', admitted.retryAfterSeconds);
        arrived.set(chat, [...(arrived.get(chat) ?? []), n]);
      });
    const chats = Array.from({ length: 10 }, (_, i) => `C${i}`);
    // each chat's calls one after the other, every chat at once (as the dispatcher sends)
    await Promise.all(chats.map(async (chat) => {
      for (let n = 0; n < 8; n++) await send(chat, n);
    }));
    expect(platform.refused).toBe(0);
    expect(queue.rateLimited).toBe(0);
    for (const chat of chats) expect(arrived.get(chat), chat).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
