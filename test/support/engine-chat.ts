/**
 * A person talking to the check-in engine on Telegram, as the conversation tests drive it: each
 * event gets a fresh delivery id and message ref, and the replies come back as one text. A choice
 * names a button by its value as the engine wrote it (`ctl:confirm`): the helper presses that button
 * of the latest replies that had buttons, with the prompt token the engine stamped on it; a value no
 * button carries is sent as it is (a forged or very old button).
 */
import type { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import type { ChatEvent, OutgoingMessage } from '../../src/chat/port.js';

let delivery = 0;

export type Say = (kind: ChatEvent['kind'], text: string, extra?: Partial<ChatEvent>) => Promise<string>;

/** The full value of the button whose value (after the engine's token) is `value`, among `replies`. */
export function buttonValue(replies: OutgoingMessage[], value: string): string | undefined {
  return replies
    .flatMap((r) => r.choices?.flat() ?? [])
    .map((c) => c.value)
    .find((v) => v === value || v.endsWith(`.${value}`));
}

export function chatWith(engine: CheckinEngine, userId: string): Say {
  let screen: OutgoingMessage[] = [];
  return async (kind, text, extra = {}) => {
    const value = kind === 'choice' ? (buttonValue(screen, text) ?? text) : text;
    const replies = await engine.handle({ platform: 'telegram', userId, chatId: userId, kind, text: value, deliveryId: `d${++delivery}`, messageRef: `m${delivery}`, ...extra });
    if (replies.some((r) => r.choices)) screen = replies;
    return replies.map((r) => r.text).join('\n---\n');
  };
}
