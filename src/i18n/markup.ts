/**
 * Light markup: the platform-free text the engine and the digests write, rendered by each chat
 * adapter (Slack mrkdwn, Telegram HTML, the local page). Its only formatting is `*bold*`, written
 * in the prompts. Values put into a prompt (names, titles, and above all what a person typed) must
 * never format: `*x*` typed by a person is echoed as `*x*`, not as bold x, and `_x_` is not italic
 * on Slack. So the translator carries the characters platforms read as formatting (* _ ~ `) of
 * interpolated values as *literal characters*: private-use code points U+E000 + the character's
 * code, which no platform formats and every renderer turns back into what was typed (Slack, which
 * has no escape for them, gets look-alike characters instead). Marking is idempotent, so a
 * translated text can be put into another prompt without changing.
 */

const LITERAL_OFFSET = 0xe000;
const FORMATTING = /[*_~`]/g;
const LITERALS = /[\uE02A\uE05F\uE060\uE07E]/g;

/** How long an echo of what a person typed may be, in characters (code points), before it is cut with "…". */
export const ECHO_MAX_CHARS = 200;

/** A value that is already light markup: the translator puts it into a prompt as it is (see translator). */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marks `text` as light markup whose `*bold*` must stay bold when it is put into a prompt. */
export function markup(text: string): Markup {
  return new Markup(text);
}

/** Carries the formatting characters of `text` as literal characters: it will be shown as written, never formatted. */
export function literal(text: string): string {
  return text.replace(FORMATTING, (char) => String.fromCharCode(LITERAL_OFFSET + char.charCodeAt(0)));
}

/**
 * Turns the literal characters of a light-markup text back into characters: as typed by default
 * (Telegram HTML, the local page, plain text for a terminal or a button label), or through `as`
 * (Slack's look-alikes).
 */
export function restoreLiterals(text: string, as: (char: string) => string = (char) => char): string {
  return text.replace(LITERALS, (code) => as(String.fromCharCode(code.charCodeAt(0) - LITERAL_OFFSET)));
}

/** Cuts text longer than `max` characters (code points) to `max` and "…", so an echo of a long message stays short. */
export function truncateEcho(text: string, max = ECHO_MAX_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
