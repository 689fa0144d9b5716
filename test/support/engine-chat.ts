/**
 * A person talking to the check-in engine on Telegram, as the conversation tests drive it: each
 * event gets a fresh delivery id and message ref, and the replies come back as one text.
 */
import type { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import type { ChatEvent } from '../../src/chat/port.js';

let delivery = 0;

export type Say = (kind: ChatEvent['kind'], text: string, extra?: Partial<ChatEvent>) => Promise<string>;

export function chatWith(engine: CheckinEngine, userId: string): Say {
  return async (kind, text, extra = {}) => {
    const replies = await engine.handle({ platform: 'telegram', userId, chatId: userId, kind, text, deliveryId: `d${++delivery}`, messageRef: `m${delivery}`, ...extra });
    return replies.map((r) => r.text).join('\n---\n');
  };
}
