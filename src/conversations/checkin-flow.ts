/**
 * The check-in itself: which items a person is asked, one question at a time, what an answer does
 * and what comes next. Nothing is stored here: answers wait in the state's drafts until "Conferma"
 * (checkin-confirm.ts).
 */
import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from '../chat/port.js';
import { pendingItems } from '../domain/pending-items.js';
import { parseAnswer, parsePercentAnswer } from '../domain/answers.js';
import type { AnswerParseError } from '../domain/answer-parse-error.js';
import { confirmedAnswerSchema } from '../db/answer-schema.js';
import { formatDate } from '../i18n/format.js';
import { assessmentQuestion, finalCheckpoint, objectivesToAssess, reconcileFlow } from './final-assessment.js';
import { idleState, itemKey, unconfirmedItems, type CheckinItem } from './checkin-state.js';
import { chooseEditMessage, questionMessage, summaryMessage } from './checkin-messages.js';
import { isReadOnly, type Turn } from './turn.js';

const LATER_WORDS = new Set(['dopo', 'più tardi', 'later', 'rimanda']);
const SKIP_WORDS = new Set(['salta', 'skip', 'passa']);

/** A fresh id for a check-in or assessment draft: buttons made for another draft are stale. */
export function newDraftId(): string {
  return randomBytes(6).toString('base64url');
}

/** The state back to idle, keeping what a late second Conferma needs to be recognised. */
export function toIdle(turn: Turn): void {
  turn.state = idleState(turn.state.ente, turn.state.plan, turn.state.confirmed);
}

/** The person's pending items: at the oldest open checkpoint that has some, else as of today. */
export function itemsFor(turn: Turn): { asOf: string; items: CheckinItem[] } {
  const { snapshot, today, person } = turn;
  const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
  const mine = (asOf: string) =>
    pendingItems(snapshot, asOf, today)
      .filter((i) => i.asked.person === person.code && !i.asked.heldUntil && !closed.has(i.asOf))
      .map((i): CheckinItem => ({ kind: i.kind, objective: i.objective, code: i.code, asOf: i.asOf, ...(i.asked.onBehalfOf ? { onBehalfOf: i.asked.onBehalfOf } : {}) }));
  for (const checkpoint of [...snapshot.plan.checkpoints].sort()) {
    if (checkpoint > today || closed.has(checkpoint)) continue;
    const items = mine(checkpoint);
    if (items.length > 0) return { asOf: checkpoint, items };
  }
  return { asOf: today, items: mine(today) };
}

/**
 * `rispondi` (typed, a button, App Home): resumes a check-in in progress instead of starting over.
 * A question open is asked again; answers waiting for confirmation are never dropped silently: the
 * person is asked to confirm, change or discard them.
 */
export function begin(turn: Turn): OutgoingMessage[] {
  const { t } = turn.ctx;
  if (isReadOnly(turn)) return [{ text: t('oiv.readOnly') }];
  const { state } = turn;
  if (state.mode === 'asking') return [questionMessage(state, turn.ctx)];
  if ((state.mode === 'confirming' || state.mode === 'choosing') && unconfirmedItems(state).length > 0) {
    state.mode = 'confirming';
    state.returnToSummary = false;
    return [{ text: t('checkin.pendingDraft', { count: unconfirmedItems(state).length }) }, summaryMessage(state, turn.ctx, { discard: true })];
  }
  return startCheckin(turn);
}

/** Starts a new check-in over the person's pending items (whatever was in progress is over). */
export function startCheckin(turn: Turn): OutgoingMessage[] {
  const { t, locale } = turn.ctx;
  const { asOf, items } = itemsFor(turn);
  toIdle(turn);
  if (items.length === 0) {
    const final = finalCheckpoint(turn.snapshot);
    const open = final !== null && turn.today > final && !(turn.snapshot.plan.closedCheckpoints ?? []).includes(final);
    const toAssess = open ? objectivesToAssess(turn.snapshot, turn.person.code, final).todo.length : 0;
    return [{ text: t('checkin.nothingPending') }, ...(toAssess > 0 ? [{ text: t('assessment.pendingHint', { count: toAssess }) }] : [])];
  }
  turn.state = { ...turn.state, draft: newDraftId(), mode: 'asking', items };
  const intro = [t('checkin.intro', { name: turn.person.name.split(' ')[0] ?? turn.person.name, count: items.length, date: formatDate(asOf, locale) })];
  const absent = [...new Set(items.map((i) => i.onBehalfOf).filter((p): p is string => Boolean(p)))];
  if (absent.length > 0) intro.push(t('checkin.introDeputy', { absent: absent.map((code) => turn.snapshot.people.find((p) => p.code === code)?.name ?? code).join(', ') }));
  return [{ text: intro.join('\n') }, questionMessage(turn.state, turn.ctx)];
}

/** "Scarta" on the unconfirmed answers: they are dropped and the check-in starts again. */
export function discard(turn: Turn): OutgoingMessage[] {
  const count = unconfirmedItems(turn.state).length;
  return [{ text: turn.ctx.t('checkin.discarded', { count }) }, ...startCheckin(turn)];
}

/** What the person is being asked now, shown again (after a stale button or an unexpected message). */
export function where(turn: Turn): OutgoingMessage[] {
  const { state } = turn;
  if (state.mode === 'asking') return [questionMessage(state, turn.ctx)];
  if (state.mode === 'confirming') return [summaryMessage(state, turn.ctx)];
  if (state.mode === 'choosing') return [chooseEditMessage(state, turn.ctx)];
  if (state.mode === 'assessing' && state.assessment) {
    const flow = reconcileFlow(state.assessment, turn.snapshot);
    if (flow) {
      state.assessment = flow;
      return [assessmentQuestion(flow, turn.snapshot, turn.ctx)];
    }
    toIdle(turn);
  }
  return [{ text: turn.ctx.t('checkin.noCheckin') }];
}

function invalid(turn: Turn, answer: string, error: Pick<AnswerParseError, 'code' | 'example'>): OutgoingMessage[] {
  return [{ text: turn.ctx.t(`checkin.invalid.${error.code}`, { answer, example: error.example }) }, questionMessage(turn.state, turn.ctx)];
}

/** An answer (typed, or a button's) to the current question. */
export function answer(turn: Turn, text: string): OutgoingMessage[] {
  const { state, ctx, snapshot } = turn;
  const item = state.items[state.current];
  if (!item) return where(turn);
  const key = itemKey(item);
  const word = text.trim().toLowerCase();
  if (LATER_WORDS.has(word) && !state.returnToSummary) {
    if (!state.postponed.includes(key) && state.current < state.items.length - 1) {
      state.items = [...state.items.slice(0, state.current), ...state.items.slice(state.current + 1), item];
      state.postponed.push(key);
      return [{ text: ctx.t('checkin.postponed') }, ...next(turn, false)];
    }
    state.drafts[key] = { kind: 'skipped' };
    return [{ text: ctx.t('checkin.skipped') }, ...next(turn)];
  }
  if (SKIP_WORDS.has(word)) {
    state.drafts[key] = { kind: 'skipped' };
    return [{ text: ctx.t('checkin.skipped') }, ...next(turn)];
  }
  const base = { objective: item.objective, code: item.code, asOf: item.asOf };
  if (item.kind === 'phase') {
    const parsed = parsePercentAnswer(text);
    if (!parsed.ok) return invalid(turn, text, parsed.error);
    // What the store would refuse (NaN, ∞) is refused now, while the question is open.
    if (!confirmedAnswerSchema.safeParse({ kind: 'phase', ...base, pct: parsed.pct }).success) return invalid(turn, text, { code: 'not_a_number', example: '60' });
    state.drafts[key] = { kind: 'phase', pct: parsed.pct === 0 ? 0 : parsed.pct };
  } else {
    const indicator = snapshot.objectives.find((o) => o.code === item.objective)?.indicators.find((i) => i.code === item.code);
    const parsed = parseAnswer(text, { unit: indicator?.unit, target: indicator?.targetField?.spec, planYear: snapshot.plan.year });
    if (!parsed.ok) return invalid(turn, text, parsed.error);
    const checked = confirmedAnswerSchema.safeParse({ kind: 'indicator', ...base, raw: text.trim(), value: parsed.value, status: parsed.status });
    if (!checked.success || checked.data.kind !== 'indicator') return invalid(turn, text, { code: 'not_a_number', example: '42,5' });
    state.drafts[key] = { kind: 'indicator', raw: text.trim(), value: checked.data.value, status: parsed.status, ...(parsed.reason ? { reason: parsed.reason } : {}) };
  }
  state.saved = state.saved.filter((k) => k !== key);
  return next(turn);
}

/**
 * Moves to the next unanswered item. The summary comes when an objective's items are done and the
 * next item belongs to another objective (so answers are confirmed, and safe, objective by
 * objective), or when every item has an answer.
 */
export function next(turn: Turn, advance = true): OutgoingMessage[] {
  const { state } = turn;
  const toSummary = (): OutgoingMessage[] => {
    state.returnToSummary = false;
    if (unconfirmedItems(state).length === 0) return next(turn, false);
    state.mode = 'confirming';
    return [summaryMessage(state, turn.ctx)];
  };
  if (state.returnToSummary) return toSummary();
  const start = advance ? state.current + 1 : state.current;
  const order = [...state.items.keys()].map((i) => (start + i) % state.items.length);
  const nextIndex = order.find((i) => !state.drafts[itemKey(state.items[i]!)]);
  const pendingConfirmation = unconfirmedItems(state);
  if (nextIndex === undefined) {
    if (pendingConfirmation.length > 0) return toSummary();
    toIdle(turn);
    return [{ text: turn.ctx.t('checkin.nothingPending') }];
  }
  const leavingObjective = state.items[state.current]?.objective !== state.items[nextIndex]!.objective;
  if (leavingObjective && pendingConfirmation.some((item) => state.drafts[itemKey(item)]?.kind !== 'skipped')) return toSummary();
  state.current = nextIndex;
  state.mode = 'asking';
  return [questionMessage(state, turn.ctx)];
}
