/**
 * Slack's text escaping: in mrkdwn (and in the text of incoming messages) `&`, `<` and `>` are
 * control characters and travel as `&amp;`, `&lt;`, `&gt;`. The engine's light markup (*bold*)
 * is already Slack's, so it passes through unchanged.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for a mrkdwn field, so that `<` or `&` typed by a person is shown, not parsed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char);
}

/** The length a character takes once escaped: what Slack's 3,000-character section limit counts. */
export function mrkdwnCharWeight(char: string): number {
  return ESCAPES[char]?.length ?? char.length;
}

/** Turns the text of an incoming Slack message back into what the person typed (`&lt;` → `<`). */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
