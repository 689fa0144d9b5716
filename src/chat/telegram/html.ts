/**
 * The engine's light markup in Telegram's HTML parse mode: `&`, `<`, `>` are escaped, `*bold*`
 * becomes `<b>bold</b>` (https://core.telegram.org/bots/api#html-style) and literal characters
 * (what a person typed, see i18n/markup.ts) are shown as typed, never as formatting.
 */
import { restoreLiterals } from '../../i18n/markup.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Renders platform-free text (with *bold*) as Telegram HTML. */
export function toTelegramHtml(text: string): string {
  const escaped = text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char);
  return restoreLiterals(escaped.replace(/\*([^*\n]+)\*/g, '<b>$1</b>'));
}

/**
 * The most HTML a character can turn into: an escaped character its entity, an asterisk a bold
 * tag (`</b>`, 4 characters). Summed over a chunk it bounds the chunk's HTML length, so a chunk
 * split under 4,096 of these stays under Telegram's limit once rendered.
 */
export function telegramCharWeight(char: string): number {
  if (char === '*') return 4;
  return ESCAPES[char]?.length ?? char.length;
}
