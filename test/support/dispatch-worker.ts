/**
 * A dispatcher process for the exactly-once and crash tests: the real Dispatcher on DATABASE_URL.
 * PORTS chooses its chat ports, in order (default `http`): `http` talks to the fake chat API at
 * FAKE_CHAT_URL, `slack` is the real Slack adapter against SLACK_API_URL, `telegram` the real
 * Telegram adapter against TELEGRAM_API_ROOT (token TELEGRAM_BOT_TOKEN). CLOCK_OFFSET_MS shifts its
 * clock (the same offset in every worker of a test, so their clocks agree); LEASE_MS sets the lease.
 * Recovers abandoned claims, sends everything due, prints how many messages it sent, exits — or,
 * with LOOP=1, prints `ready` and does that once per line read on stdin.
 */
import { openDb } from '../../src/db/open-db.js';
import { markUnreachable } from '../../src/db/identity-store.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import { createSlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel } from '../../src/chat/telegram/adapter.js';
import type { ChatAddress, ChatPort, OutgoingMessage } from '../../src/chat/port.js';
import type { ConversationHandler } from '../../src/conversations/conversation-handler.js';

const api = process.env.FAKE_CHAT_URL;

class HttpChatPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly maxTextLength = 4096;
  async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string> {
    const res = await fetch(`${api}/send`, { method: 'POST', body: JSON.stringify({ chatId: to.chatId, deliveryKey: options?.deliveryKey ?? '', text: message.text }) });
    return ((await res.json()) as { ref: string }).ref;
  }
  async wasDelivered(_to: ChatAddress, deliveryKey: string): Promise<string | null> {
    const res = await fetch(`${api}/delivered?key=${encodeURIComponent(deliveryKey)}`);
    return ((await res.json()) as { ref: string | null }).ref;
  }
}

const db = openDb(process.env.DATABASE_URL!);
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const clock = () => new Date(Date.now() + offset);
// This process receives no events: the adapters only send, and report who cannot be reached.
const handler: ConversationHandler = {
  handle: async () => [],
  markUnreachable: (platform, userId, reason) => markUnreachable(db, platform, userId, reason, clock()),
};
const logger = { info: () => undefined, warn: () => undefined, error: (fields: object, message: string) => console.error(message, JSON.stringify(fields)) };

function portOf(name: string): ChatPort {
  if (name === 'slack') return createSlackChannel({ handler, botToken: 'xoxb-test', signingSecret: 'unused', apiUrl: process.env.SLACK_API_URL!, port: 0, logger });
  if (name === 'telegram') return createTelegramChannel({ handler, botToken: process.env.TELEGRAM_BOT_TOKEN!, apiRoot: process.env.TELEGRAM_API_ROOT!, logger });
  return new HttpChatPort();
}

const ports = (process.env.PORTS ?? 'http').split(',').map(portOf);
const dispatcher = new Dispatcher({ db, ports, clock, worker: `worker-${process.pid}`, leaseMs: Number(process.env.LEASE_MS ?? 300_000), onWarning: (message) => console.error(`warning: ${message}`) });
async function run(): Promise<void> {
  await dispatcher.recover();
  const sent = await dispatcher.tick();
  console.log(`sent ${sent}`);
}
if (process.env.LOOP === '1') {
  // Stays up (loading the adapters takes seconds on a busy machine): one run per line on stdin.
  const { createInterface } = await import('node:readline');
  console.log('ready');
  for await (const _line of createInterface({ input: process.stdin })) await run();
} else {
  await run();
}
await db.$disconnect();
