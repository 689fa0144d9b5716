/**
 * The Telegram serializer: an OutgoingMessage becomes one or more sendMessage payloads in HTML
 * parse mode. Text over 4,096 characters (Telegram's limit) is split at paragraph, line or word
 * boundaries; the inline keyboard built from the choices goes on the last message.
 */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { OutgoingMessage } from '../port.js';
import { splitText } from '../split-text.js';
import type { CallbackDataCodec } from './callback-data.js';
import { restoreLiterals } from '../../i18n/markup.js';
import { telegramCharWeight, toTelegramHtml } from './html.js';

/** Telegram's limit on a message's text. */
export const TELEGRAM_MAX_TEXT = 4096;

export interface TelegramMessagePayload {
  /** HTML text, at most 4,096 characters */
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Renders a message as sendMessage payloads; `emptyText` stands in when there is only a keyboard. */
export function renderTelegramMessages(message: OutgoingMessage, codec: CallbackDataCodec, emptyText: string): TelegramMessagePayload[] {
  const chunks = splitText(message.text, TELEGRAM_MAX_TEXT, telegramCharWeight);
  const texts = (chunks.length > 0 ? chunks : splitText(emptyText, TELEGRAM_MAX_TEXT, telegramCharWeight)).map((chunk) => toTelegramHtml(chunk.trim()));
  const rows = (message.choices ?? []).filter((row) => row.length > 0);
  const keyboard: InlineKeyboardMarkup | undefined =
    rows.length > 0 ? { inline_keyboard: rows.map((row) => row.map((choice) => ({ text: restoreLiterals(choice.label), callback_data: codec.encode(choice.value) }))) } : undefined;
  return texts.map((text, i) => (keyboard && i === texts.length - 1 ? { text, reply_markup: keyboard } : { text }));
}
