/**
 * The one router of a turn, composed like grammY middleware: a typed command word, a slash command
 * or a button goes to the handler of its family (check-in, confirmation, assessment, account); any
 * other text answers what is being asked. Buttons must belong to the prompt on screen.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { admin, language, status } from './account-commands.js';
import { assess, beginAssessment, oivNote } from './assessment-commands.js';
import { beginEdit, confirm, pickEdit } from './checkin-confirm.js';
import { answer, begin, discard, where } from './checkin-flow.js';
import { chooseEditMessage, summaryMessage } from './checkin-messages.js';
import { parseChoice } from './choice-value.js';
import { consoleCommand } from './console-command.js';
import type { Turn } from './turn.js';

/** Words that act as commands when typed (Italian and English). */
const COMMAND_WORDS: Record<string, string> = {
  rispondi: 'rispondi', answer: 'rispondi', inizia: 'rispondi', start: 'rispondi',
  stato: 'stato', status: 'stato',
  modifica: 'modifica', edit: 'modifica', correggi: 'modifica',
  aiuto: 'aiuto', help: 'aiuto', '?': 'aiuto',
  lingua: 'lingua', language: 'lingua',
  admin: 'admin',
  valutazione: 'valutazione', valuta: 'valutazione', assessment: 'valutazione', assess: 'valutazione',
  nota: 'nota', note: 'nota',
  console: 'console',
};
/** Command names the engine handles as such (Telegram's /start links an account, it does not start a check-in). */
const CANONICAL_COMMANDS = new Set(['rispondi', 'stato', 'modifica', 'aiuto', 'lingua', 'start', 'admin', 'valutazione', 'nota', 'console']);
const CONFIRM_WORDS = new Set(['conferma', 'confermo', 'ok', 'sì', 'si', 'confirm', 'yes']);

/** Routes one event of the turn to its handler. */
export async function route(turn: Turn): Promise<OutgoingMessage[]> {
  const { event, state } = turn;
  if (event.kind === 'command') return command(turn, event.command ?? 'aiuto', event.text);
  if (event.kind === 'choice') return choice(turn, event.text);
  const text = event.text.trim();
  const [first = '', ...rest] = text.toLowerCase().split(/\s+/);
  let word = COMMAND_WORDS[first.replace(/^\//, '')];
  // A reason or a note is free text: only a lone command word counts as a command there.
  if (state.mode === 'assessing' && (state.assessment?.step === 'reason' || state.assessment?.step === 'note') && rest.length > 0) word = undefined;
  if (state.mode === 'asking' && state.followUp?.ask === 'reason' && rest.length > 0) word = undefined;
  // While assessing, "modifica" means redoing this objective's assessment, not correcting answers.
  if (state.mode === 'assessing' && word === 'modifica') word = undefined;
  // "rispondi" followed by more words is an answer that happens to start with it.
  if (word === 'rispondi' && rest.length > 0 && state.mode !== 'idle') word = undefined;
  // Arguments keep their case (an OIV note is free text); commands lowercase what they parse.
  if (word) return command(turn, word, text.slice(text.search(/\s|$/)).trim());
  if (state.mode === 'asking') return answer(turn, text);
  if (state.mode === 'assessing') return assess(turn, text, false);
  if (state.mode === 'confirming') {
    if (CONFIRM_WORDS.has(text.toLowerCase())) return confirm(turn);
    return [{ text: turn.ctx.t('checkin.confirmHint') }, summaryMessage(state, turn.ctx)];
  }
  if (state.mode === 'choosing') return [chooseEditMessage(state, turn.ctx)];
  if (CONFIRM_WORDS.has(text.toLowerCase()) && state.confirmed.length > 0) return [{ text: turn.ctx.t('checkin.alreadySaved') }];
  return [{ text: turn.ctx.t('checkin.noCheckin') }];
}

async function command(turn: Turn, name: string, args: string): Promise<OutgoingMessage[]> {
  const { t } = turn.ctx;
  // Slash commands arrive by name (/perfbot note …): the same aliases as typed words.
  switch (CANONICAL_COMMANDS.has(name) ? name : (COMMAND_WORDS[name.toLowerCase()] ?? name)) {
    case 'rispondi':
      return begin(turn);
    case 'stato':
      return status(turn, args.trim());
    case 'modifica':
      return beginEdit(turn);
    case 'lingua':
      return language(turn, args);
    case 'start':
      return [{ text: t('checkin.linked', { name: turn.person.name, platform: turn.event.platform }) }];
    case 'admin':
      return admin(turn, args);
    case 'valutazione':
      return beginAssessment(turn, args.trim());
    case 'nota':
      return oivNote(turn, args);
    case 'console':
      return consoleCommand(turn);
    default:
      // Help in the middle of a question or step: the help, then what was being asked.
      return [{ text: t('checkin.help') }, ...(turn.state.mode === 'idle' ? [] : where(turn))];
  }
}

/**
 * A pressed button. Only a button of the prompt on screen acts; an older one changes nothing and is
 * answered "no longer valid" (or "already saved" for a summary confirmed before), with the prompt
 * that is current. "Rispondi" is a command and always valid.
 */
async function choice(turn: Turn, value: string): Promise<OutgoingMessage[]> {
  const { kind, rest, token } = parseChoice(value);
  const { state, ctx } = turn;
  if (kind === 'ctl' && rest === 'start') return begin(turn);
  if (!token || token !== turn.token) {
    const confirmButton = (kind === 'ctl' && rest === 'confirm') || (kind === 'asm' && rest === 'confirm');
    if (token && confirmButton && state.confirmed.includes(token)) return [{ text: ctx.t('checkin.alreadySaved') }];
    return [{ text: ctx.t('checkin.staleButton') }, ...where(turn)];
  }
  if (kind === 'asm' && state.mode === 'assessing') return assess(turn, rest, true);
  if (kind === 'ans' && state.mode === 'asking') return answer(turn, rest);
  if (kind === 'ctl') {
    if (rest === 'confirm' && state.mode === 'confirming') return confirm(turn);
    if (rest === 'edit' && state.mode === 'confirming') return beginEdit(turn);
    if (rest === 'discard' && state.mode === 'confirming') return discard(turn);
    if ((rest === 'later' || rest === 'skip') && state.mode === 'asking') return answer(turn, rest === 'later' ? 'dopo' : 'salta');
  }
  if (kind === 'edit' && state.mode === 'choosing') return pickEdit(turn, Number(rest));
  return [{ text: ctx.t('checkin.staleButton') }, ...where(turn)];
}
