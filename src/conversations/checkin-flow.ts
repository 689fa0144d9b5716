/**
 * The check-in itself: which items a person is asked, one question at a time, what an answer does
 * and what comes next. Nothing is stored here: answers wait in the state's drafts until "Conferma"
 * (checkin-confirm.ts).
 */
import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from '../chat/port.js';
import { latestOnOrBefore, pendingItems } from '../domain/pending-items.js';
import { referenceDate } from '../domain/reference-date.js';
import { expectedFor, parseAnswer, parsePercentAnswer } from '../domain/answers.js';
import { implausibility } from '../domain/answer-plausibility.js';
import { formatNumber } from '../i18n/format.js';
import type { AnswerParseError } from '../domain/answer-parse-error.js';
import { confirmedAnswerSchema } from '../db/answer-schema.js';
import { formatDate } from '../i18n/format.js';
import { assessmentQuestion, finalCheckpoint, objectivesToAssess, reconcileFlow } from './final-assessment.js';
import { idleState, itemKey, unconfirmedItems, type CheckinItem, type Draft } from './checkin-state.js';
import { chooseEditMessage, describeValue, followUpMessage, questionMessage, summaryMessage } from './checkin-messages.js';
import { isReadOnly, type Turn } from './turn.js';

const LATER_WORDS = new Set(['dopo', 'più tardi', 'later', 'rimanda']);
const SKIP_WORDS = new Set(['salta', 'skip', 'passa']);
const YES_WORDS = new Set(['sì', 'si', "si'", 'yes', 'confermo', 'conferma', 'ok', 'confirm']);
const NO_WORDS = new Set(['no', 'annulla', 'cancel']);
/** The shortest reason taken for «non rilevabile» (a word, not a keystroke). */
const MIN_REASON = 3;

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
  const { snapshot, today } = turn;
  const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
  for (const checkpoint of [...snapshot.plan.checkpoints].sort()) {
    if (checkpoint > today || closed.has(checkpoint)) continue;
    const items = myPendingItems(turn, checkpoint);
    if (items.length > 0) return { asOf: checkpoint, items };
  }
  // Past the plan's last checkpoint the plan is read at that checkpoint, as everywhere in the conversation.
  const asOf = referenceDate(snapshot.plan, today);
  return { asOf, items: myPendingItems(turn, asOf) };
}

/** The items the person is asked about at `asOf` (held ones and closed checkpoints left out). */
export function myPendingItems(turn: Turn, asOf: string): CheckinItem[] {
  const { snapshot, today, person } = turn;
  const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
  return pendingItems(snapshot, asOf, today)
    .filter((i) => i.asked.person === person.code && !i.asked.heldUntil && !closed.has(i.asOf))
    .map((i): CheckinItem => ({ kind: i.kind, objective: i.objective, code: i.code, asOf: i.asOf, ...(i.asked.onBehalfOf ? { onBehalfOf: i.asked.onBehalfOf } : {}) }));
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
  // A final assessment in progress is resumed, never replaced by a check-in (its draft would be lost).
  if (state.mode === 'assessing' && state.assessment) {
    const resumed = where(turn);
    return turn.state.mode === 'assessing' ? [{ text: t('assessment.resumed') }, ...resumed] : startCheckin(turn);
  }
  if (state.mode === 'asking') return [state.followUp ? followUpMessage(state, turn.ctx) : questionMessage(state, turn.ctx)];
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
  if (state.mode === 'asking') return [state.followUp ? followUpMessage(state, turn.ctx) : questionMessage(state, turn.ctx)];
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

/** Keeps a draft for the current item and moves on. */
function keep(turn: Turn, key: string, draft: Draft): OutgoingMessage[] {
  const { state } = turn;
  delete state.followUp;
  state.drafts[key] = draft;
  state.saved = state.saved.filter((k) => k !== key);
  return next(turn);
}

/** Whether "dopo" can still move the item to the end: once per item, and only before other open items. */
function canPostpone(state: Turn['state'], key: string): boolean {
  if (state.postponed.includes(key)) return false;
  return state.items.some((other, i) => i !== state.current && !state.drafts[itemKey(other)] && !state.postponed.includes(itemKey(other)));
}

/**
 * The answer to a follow-up question: the reason of a «non rilevabile», or sì/no to an unlikely
 * value. "No" keeps nothing and asks the question again; anything else than sì/no is taken as a new
 * answer to the question.
 */
function followUpAnswer(turn: Turn, key: string, text: string): OutgoingMessage[] | null {
  const { state, ctx } = turn;
  const followUp = state.followUp!;
  const word = text.trim().toLowerCase().replace(/[.!]+$/, '');
  if (LATER_WORDS.has(word) || SKIP_WORDS.has(word)) {
    delete state.followUp;
    return null;
  }
  if (followUp.ask === 'reason') {
    const reason = text.trim();
    if (reason.length < MIN_REASON) return [{ text: ctx.t('checkin.reasonRequired') }, followUpMessage(state, ctx)];
    return keep(turn, key, { ...followUp.draft, raw: `${followUp.draft.raw}: ${reason}`, reason });
  }
  if (YES_WORDS.has(word)) return keep(turn, key, followUp.draft);
  if (NO_WORDS.has(word)) {
    delete state.followUp;
    return [{ text: ctx.t('checkin.plausibility.discarded') }, questionMessage(state, ctx)];
  }
  delete state.followUp;
  return null;
}

/** The figure an indicator's last value gives for comparison, when it is a plain number. */
function lastFigure(turn: Turn, item: CheckinItem): number | null {
  const last = latestOnOrBefore(turn.snapshot.measurements.filter((m) => m.objective === item.objective && m.indicator === item.code && m.asOf < item.asOf), '9999-12-31');
  return last?.value?.kind === 'number' ? last.value.value : null;
}

/** An answer (typed, or a button's) to the current question. */
export function answer(turn: Turn, text: string): OutgoingMessage[] {
  const { state, ctx, snapshot } = turn;
  const item = state.items[state.current];
  if (!item) return where(turn);
  const key = itemKey(item);
  if (state.followUp) {
    const replies = followUpAnswer(turn, key, text);
    if (replies) return replies;
  }
  const word = text.trim().toLowerCase();
  if (LATER_WORDS.has(word) && !state.returnToSummary) {
    // The item keeps its place (and its number); next() asks it after every other open item.
    if (canPostpone(state, key)) {
      state.postponed.push(key);
      return [{ text: ctx.t('checkin.postponed') }, ...next(turn)];
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
    return keep(turn, key, { kind: 'phase', pct: parsed.pct === 0 ? 0 : parsed.pct });
  }
  const indicator = snapshot.objectives.find((o) => o.code === item.objective)?.indicators.find((i) => i.code === item.code);
  const parsed = parseAnswer(text, { unit: indicator?.unit, target: indicator?.targetField?.spec, planYear: snapshot.plan.year });
  if (!parsed.ok) return invalid(turn, text, parsed.error);
  const checked = confirmedAnswerSchema.safeParse({ kind: 'indicator', ...base, raw: text.trim(), value: parsed.value, status: parsed.status });
  if (!checked.success || checked.data.kind !== 'indicator') return invalid(turn, text, { code: 'not_a_number', example: '42,5' });
  const draft: Draft = { kind: 'indicator', raw: text.trim(), value: checked.data.value, status: parsed.status, ...(parsed.reason ? { reason: parsed.reason } : {}) };
  // "non rilevabile" needs its reason (domain.md §3.3): ask for it before keeping the answer.
  if (parsed.status === 'not_measurable' && !parsed.reason) {
    state.followUp = { ask: 'reason', draft };
    return [followUpMessage(state, ctx)];
  }
  if (draft.value?.kind === 'number') {
    const expected = expectedFor({ unit: indicator?.unit, target: indicator?.targetField?.spec });
    const problem = implausibility(draft.value.value, { expected, unit: indicator?.unit, target: indicator?.targetField?.spec, last: lastFigure(turn, item) });
    if (problem) {
      const shown = describeValue(draft.value, draft.raw, draft.status, ctx);
      state.followUp = { ask: 'plausible', draft, problem: problem.kind, shown, ...('limit' in problem ? { limit: formatNumber(problem.limit, ctx.locale) } : {}) };
      return [followUpMessage(state, ctx)];
    }
  }
  return keep(turn, key, draft);
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
  const open = (i: number) => !state.drafts[itemKey(state.items[i]!)];
  // Postponed items come back once every other item had its turn.
  const nextIndex = order.find((i) => open(i) && !state.postponed.includes(itemKey(state.items[i]!))) ?? order.find(open);
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
