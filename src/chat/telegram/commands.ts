/**
 * Telegram bot commands typed in a private chat (`/stato`, `/lingua en`, `/start <code>` from an
 * invitation deep link). The Italian names are the engine's; English aliases are accepted because
 * Telegram clients suggest `/help` and `/start` by habit.
 */

const COMMANDS: Record<string, string> = {
  stato: 'stato',
  rispondi: 'rispondi',
  modifica: 'modifica',
  aiuto: 'aiuto',
  lingua: 'lingua',
  console: 'console',
  start: 'start',
  status: 'stato',
  answer: 'rispondi',
  edit: 'modifica',
  help: 'aiuto',
  language: 'lingua',
};

/**
 * Reads a message text as a command: `/name[@bot] args…` with a known name gives the engine's
 * command name and the arguments (for `/start` the invitation code); anything else is null.
 */
export function parseTelegramCommand(text: string): { command: string; text: string } | null {
  const match = /^\/([A-Za-z0-9_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  const command = match ? COMMANDS[match[1]!.toLowerCase()] : undefined;
  return command ? { command, text: (match![2] ?? '').trim() } : null;
}
