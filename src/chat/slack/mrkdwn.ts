/**
 * Slack's text escaping: in mrkdwn (and in the text of incoming messages) `&`, `<` and `>` are
 * control characters and travel as `&amp;`, `&lt;`, `&gt;`. The engine's light markup (*bold*)
 * is already Slack's, so it passes through unchanged. Slack has no escape for its formatting
 * characters (* _ ~ `), so literal ones (what a person typed, see i18n/markup.ts) become
 * look-alike characters that Slack does not format — the way jsx-slack's <Escape> does.
 */
import { restoreLiterals } from '../../i18n/markup.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Characters that look like Slack's formatting characters but are never read as formatting. */
const LOOK_ALIKES: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };

/** Escapes light markup for a mrkdwn field: `<` or `&` typed by a person is shown, not parsed, and literal `*x*` is not bold. */
export function escapeMrkdwn(text: string): string {
  return restoreLiterals(text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char), (char) => LOOK_ALIKES[char] ?? char);
}

/** Light markup as Slack's plain_text (button labels, headers): no formatting there, so literals are shown as typed. */
export function plainTextOf(text: string): string {
  return restoreLiterals(text);
}

/** The length a character takes once escaped: what Slack's 3,000-character section limit counts. */
export function mrkdwnCharWeight(char: string): number {
  return ESCAPES[char]?.length ?? char.length;
}

/** Turns the text of an incoming Slack message back into what the person typed (`&lt;` → `<`). */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
