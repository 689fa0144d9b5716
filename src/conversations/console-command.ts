/**
 * `console` (Slack `/perfbot console`): sends a one-time sign-in link to the web console to people
 * holding admin, coordinator or oiv today; anyone else is told it is not for them. The link is
 * made by the `consoleLink` hook (the web console's own code, wired in main.ts), so the engine
 * does not depend on the web layer; without the console running there is no hook and the person
 * is told so.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { hasRole } from '../domain/responsibility.js';
import { markup } from '../i18n/markup.js';
import type { Turn } from './turn.js';

const CONSOLE_ROLES = ['admin', 'coordinator', 'oiv'] as const;

/** Replies to `console`; the link is written after the turn commits (it opens its own write). */
export function consoleCommand(turn: Turn): OutgoingMessage[] {
  const { t } = turn.ctx;
  if (!CONSOLE_ROLES.some((role) => hasRole(turn.snapshot, turn.person.code, role, turn.today))) return [{ text: t('console.command.notAllowed') }];
  const make = turn.hooks.consoleLink;
  if (!make) return [{ text: t('console.command.off') }];
  const ente = turn.snapshot.ente.code;
  const person = turn.person.code;
  // The URL goes in as markup: carried as literal characters it would no longer be a link.
  turn.afterCommit.push(async () => [{ text: t('console.command.link', { url: markup(await make(ente, person)) }) }]);
  return [];
}
