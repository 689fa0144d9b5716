/**
 * A dispatcher process for the exactly-once tests: the real Dispatcher on DATABASE_URL, sending
 * through a chat port that talks HTTP to the fake chat API at FAKE_CHAT_URL. Recovers abandoned
 * claims, sends everything due, prints how many messages it sent, exits.
 */
import { openDb } from '../../src/db/database.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import type { ChatAddress, ChatPort, OutgoingMessage } from '../../src/chat/port.js';

const api = process.env.FAKE_CHAT_URL!;

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
const dispatcher = new Dispatcher({ db, ports: [new HttpChatPort()], clock: () => new Date(), worker: `worker-${process.pid}`, leaseMs: Number(process.env.LEASE_MS ?? 300_000) });
await dispatcher.recover();
const sent = await dispatcher.tick();
console.log(`sent ${sent}`);
await db.$disconnect();
