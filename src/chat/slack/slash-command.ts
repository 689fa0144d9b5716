/**
 * The `/perfbot` slash command: `/perfbot <subcommand> args…` reaches the engine as a command event
 * whose name is the first word and whose text is the rest, so `/perfbot lingua en` is the same as
 * typing `lingua en` in the DM.
 */

/** The slash command the Slack app is configured with (api.slack.com → Slash Commands). */
export const SLACK_SLASH_COMMAND = '/perfbot';

/** Splits the text after `/perfbot` into the subcommand (lower case) and its arguments; no subcommand means `aiuto`. */
export function parseSlashCommand(text: string): { command: string; text: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { command: 'aiuto', text: '' };
  const first = trimmed.split(/\s/, 1)[0] ?? '';
  return { command: first.toLowerCase(), text: trimmed.slice(first.length).trim() };
}
