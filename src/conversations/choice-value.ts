/**
 * Button values bound to the prompt they were made for. Every button the engine sends carries a
 * short token of the question, summary or step on screen when it was made (`<token>.<kind>:<rest>`);
 * a press whose token is not the current prompt's is stale and changes nothing. Tokens are short so
 * that a value fits Telegram's 64-byte callback_data.
 */
import { createHash } from 'node:crypto';
import type { OutgoingMessage } from '../chat/port.js';
import { itemKey, unconfirmedItems, type CheckinState } from './checkin-state.js';

const TOKEN_LENGTH = 8;
const STAMPED = new RegExp(`^([A-Za-z0-9_-]{${TOKEN_LENGTH}})\\.(.*)$`, 's');
/** "Rispondi" from `stato` is a command, valid whatever is on screen: it is never bound. */
export const START_VALUE = 'ctl:start';

/** A pressed button's value taken apart: the token it carries (none on unbound or old buttons), its kind and the rest. */
export interface ParsedChoice {
  token: string | null;
  kind: string;
  rest: string;
}

/**
 * The token of what the person is being asked now, or null when nothing is asked. It changes with
 * the check-in (its draft id), the item asked, the answers waiting for confirmation and the step of
 * an assessment, and with a follow-up question (a reason, a confirmation); it stays the same when the same question is asked again after an invalid answer.
 */
export function promptToken(state: CheckinState): string | null {
  if (state.mode === 'idle') return null;
  const pending = unconfirmedItems(state).map((item) => [itemKey(item), state.drafts[itemKey(item)]]);
  const assessment = state.assessment && { objective: state.assessment.draft.objective, current: state.assessment.current, step: state.assessment.step, draft: state.assessment.draft };
  const prompt = { draft: state.draft, mode: state.mode, current: state.current, items: state.items.map(itemKey), pending, saved: state.saved, back: state.returnToSummary, assessment, followUp: state.followUp };
  return createHash('sha256').update(canonicalJson(prompt)).digest('base64url').slice(0, TOKEN_LENGTH);
}

/** JSON with object keys sorted and undefined left out: PostgreSQL's jsonb hands the state back with its keys reordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Binds every button of the replies (but "Rispondi") to the prompt token. */
export function stampChoices(replies: OutgoingMessage[], token: string | null): OutgoingMessage[] {
  if (!token) return replies;
  return replies.map((reply) =>
    reply.choices ? { ...reply, choices: reply.choices.map((row) => row.map((choice) => (choice.value === START_VALUE ? choice : { ...choice, value: `${token}.${choice.value}` }))) } : reply,
  );
}

/** Takes a pressed button's value apart (see the module comment). */
export function parseChoice(value: string): ParsedChoice {
  const stamped = STAMPED.exec(value);
  const body = stamped ? stamped[2]! : value;
  const colon = body.indexOf(':');
  return { token: stamped ? stamped[1]! : null, kind: colon < 0 ? body : body.slice(0, colon), rest: colon < 0 ? '' : body.slice(colon + 1) };
}
