/**
 * Sends a burst of proactive messages (reminders) through the real Slack and Telegram adapters to
 * fake APIs that enforce the platforms' rate limits, with the send queue and the fakes on the same
 * shortened second (`timeScale`). Used by the send-queue test (nothing lost or sent twice) and by
 * the bench (the rate achieved against the rate the limits allow).
 */
import { createSlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel } from '../../src/chat/telegram/adapter.js';
import { SendQueue, slackLimits, telegramLimits, type LimitsOf } from '../../src/chat/send-queue.js';
import type { ChatAddress, ChatPort } from '../../src/chat/port.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { FakeTelegramApi } from './fake-telegram-api.js';
import { RecordingHandler } from './recording-handler.js';
import { recordingLogger } from './recording-logger.js';

export interface BurstOptions {
  messages: number;
  /** distinct chats the messages are spread over (round robin) */
  chats: number;
  timeScale: number;
  /** Slack only: how many of the chats are addressed by user id (their DM is opened first, conversations.open's tier) */
  byUserId?: number;
}

export interface BurstResult {
  /** per chat, the texts the fake received, in arrival order */
  received: Map<string, string[]>;
  /** per chat, the texts sent, in order */
  sent: Map<string, string[]>;
  /** sends that rejected */
  failures: string[];
  /** 429s the fake answered */
  refused: number;
  elapsedMs: number;
  /** the shortest time the limits allow for these messages, in real (scaled) milliseconds */
  idealMs: number;
}

/** The least time token buckets allow for `counts` calls per bucket: the slowest bucket's (n − burst) / rate. */
function idealMs(limitsOf: LimitsOf, calls: Array<[string, string]>, timeScale: number): number {
  const perBucket = new Map<string, { n: number; rate: number; burst: number }>();
  for (const [method, key] of calls) {
    for (const { name, limit } of limitsOf(method, key)) {
      const b = perBucket.get(name) ?? { n: 0, rate: limit.ratePerSecond, burst: limit.burst };
      b.n += 1;
      perBucket.set(name, b);
    }
  }
  return Math.max(0, ...[...perBucket.values()].map((b) => (Math.max(0, b.n - b.burst) / b.rate) * 1000 * timeScale));
}

async function fire(port: ChatPort, addresses: ChatAddress[], options: BurstOptions): Promise<Omit<BurstResult, 'received' | 'refused' | 'idealMs'>> {
  const sent = new Map<string, string[]>();
  for (let i = 0; i < options.messages; i++) {
    const chatId = addresses[i % addresses.length]!.chatId;
    sent.set(chatId, [...(sent.get(chatId) ?? []), `promemoria ${i}`]);
  }
  const failures: string[] = [];
  const started = performance.now();
  // every chat at once, each chat's messages one after the other (as the dispatcher and the adapters send)
  await Promise.all(
    addresses.map(async (to) => {
      for (const text of sent.get(to.chatId) ?? []) {
        await port.send(to, { text }, { deliveryKey: text }).catch((error: unknown) => void failures.push(`${text}: ${(error as Error).message}`));
      }
    }),
  );
  return { sent, failures, elapsedMs: performance.now() - started };
}

/** The burst through the real Slack adapter (Bolt's WebClient) to a Slack fake enforcing its limits. */
export async function slackBurst(options: BurstOptions): Promise<BurstResult> {
  const api = await FakeSlackApi.start({ enforceLimits: { timeScale: options.timeScale } });
  const channel = createSlackChannel({
    handler: new RecordingHandler(),
    botToken: 'xoxb-burst',
    signingSecret: 'burst-signing-secret',
    apiUrl: api.url,
    port: 0,
    logger: recordingLogger(),
    sendQueue: new SendQueue({ platform: 'slack', limitsOf: slackLimits, timeScale: options.timeScale }),
  });
  try {
    const byUser = options.byUserId ?? 0;
    // a DM channel id is posted to directly; a user id has its DM opened first (conversations.open)
    const addresses = Array.from({ length: options.chats }, (_, i): ChatAddress => ({ platform: 'slack', chatId: i < byUser ? `U${String(i).padStart(6, '0')}` : `D${String(i).padStart(6, '0')}` }));
    const run = await fire(channel, addresses, options);
    const received = new Map<string, string[]>();
    for (const m of api.posted) received.set(m.channel, [...(received.get(m.channel) ?? []), m.text]);
    // the fake opens U000001's DM as D000001: report both under the address used
    const sentByChannel = new Map([...run.sent].map(([chat, texts]) => [chat.replace(/^U/, 'D'), texts]));
    const calls: Array<[string, string]> = [...addresses.slice(0, byUser).map((a): [string, string] => ['conversations.open', a.chatId]), ...[...sentByChannel].flatMap(([chat, texts]) => texts.map((): [string, string] => ['chat.postMessage', chat]))];
    return { ...run, sent: sentByChannel, received, refused: api.limiter?.refused ?? 0, idealMs: idealMs(slackLimits, calls, options.timeScale) };
  } finally {
    await api.stop();
  }
}

/** The burst through the real Telegram adapter (telegraf) to a Telegram fake enforcing its limits. */
export async function telegramBurst(options: BurstOptions): Promise<BurstResult> {
  const token = '123456:burst-token';
  const api = await FakeTelegramApi.start(token, 250, { enforceLimits: { timeScale: options.timeScale } });
  const channel = createTelegramChannel({
    handler: new RecordingHandler(),
    botToken: token,
    apiRoot: api.apiRoot,
    logger: recordingLogger(),
    sendQueue: new SendQueue({ platform: 'telegram', limitsOf: telegramLimits, timeScale: options.timeScale }),
  });
  try {
    const addresses = Array.from({ length: options.chats }, (_, i): ChatAddress => ({ platform: 'telegram', chatId: String(700000 + i) }));
    const run = await fire(channel, addresses, options);
    const received = new Map<string, string[]>();
    for (const call of api.callsOf('sendMessage')) received.set(String(call.body.chat_id), [...(received.get(String(call.body.chat_id)) ?? []), String(call.body.text)]);
    const calls = [...run.sent].flatMap(([chat, texts]) => texts.map((): [string, string] => ['sendMessage', chat]));
    return { ...run, received, refused: api.limiter?.refused ?? 0, idealMs: idealMs(telegramLimits, calls, options.timeScale) };
  } finally {
    await channel.stop();
    await api.stop();
  }
}
