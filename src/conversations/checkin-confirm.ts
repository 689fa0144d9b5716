/**
 * "Conferma" and "Modifica": the answers of the summary are saved in the turn's transaction, so they
 * commit together with the state that confirmed them (a crash leaves both or neither, and a second
 * Conferma of the same summary finds it confirmed); "modifica" picks an answer to give again.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { saveAnswersInTx, CheckpointClosedError, type ConfirmedAnswer } from '../db/answer-store.js';
import { ReadOnlyRoleError } from '../db/read-only-role.js';
import { cancelForSubjects } from '../db/reminder-store.js';
import { formatDate } from '../i18n/format.js';
import { idleState, itemKey, unconfirmedItems, type CheckinItem, type CheckinState } from './checkin-state.js';
import { chooseEditMessage, questionMessage } from './checkin-messages.js';
import { newDraftId, next, toIdle } from './checkin-flow.js';
import { endOfCheckin } from './checkin-end.js';
import { countStoredAfterCommit, isReadOnly, type Turn } from './turn.js';

/** How many confirmed summaries a state remembers, to answer a late second Conferma. */
const CONFIRMED_KEPT = 20;

/** Saves the summary's answers (with the state, in the turn's transaction) and moves on. */
export async function confirm(turn: Turn): Promise<OutgoingMessage[]> {
  const { state, ctx, person, event } = turn;
  const answers: ConfirmedAnswer[] = [];
  const confirming = unconfirmedItems(state);
  for (const item of confirming) {
    const draft = state.drafts[itemKey(item)];
    if (!draft || draft.kind === 'skipped') continue;
    const base = { objective: item.objective, code: item.code, asOf: item.asOf, ...(item.onBehalfOf ? { onBehalfOf: item.onBehalfOf } : {}) };
    if (draft.kind === 'phase') answers.push({ kind: 'phase', ...base, pct: draft.pct });
    else answers.push({ kind: 'indicator', ...base, raw: draft.raw, value: draft.value, status: draft.status, ...(draft.reason ? { note: draft.reason } : {}) });
  }
  try {
    if (answers.length > 0) {
      const input = { ente: state.ente, plan: state.plan, by: person.code, channel: event.platform, messageRef: event.messageRef, answers, on: turn.today };
      countStoredAfterCommit(turn, await saveAnswersInTx(await turn.lock.take(), input, { snapshot: turn.snapshot, version: turn.version }));
    }
  } catch (error) {
    if (error instanceof CheckpointClosedError) {
      toIdle(turn);
      return [{ text: ctx.t('checkin.closed', { date: formatDate(error.checkpoint, ctx.locale) }) }];
    }
    if (error instanceof ReadOnlyRoleError) {
      toIdle(turn);
      return [{ text: ctx.t('oiv.readOnly') }];
    }
    throw error;
  }
  if (answers.length > 0) {
    // Answered items stop their reminders at once (a phase's deadline ladder only when complete).
    const subjects = answers.flatMap((a) =>
      a.kind === 'indicator' ? [`indicator:${a.objective}/${a.code}@${a.asOf}`] : [`phase:${a.objective}/${a.code}@${a.asOf}`, ...(a.pct >= 100 ? [`phase:${a.objective}/${a.code}`] : [])],
    );
    const enteId = person.ente.id;
    // Reminders are only asked to stop: the answers stand if this fails (it is reported, not retried).
    turn.afterCommit.push(async () => {
      await cancelForSubjects(turn.db, enteId, subjects).catch((error: unknown) => turn.hooks.afterCommitFailed?.(error));
      return [];
    });
  }
  if (turn.token) state.confirmed = [...state.confirmed, turn.token].slice(-CONFIRMED_KEPT);
  state.saved.push(...confirming.map(itemKey));
  const done: OutgoingMessage = { text: answers.length === 0 ? ctx.t('checkin.savedNothing') : answers.length === 1 ? ctx.t('checkin.savedOne') : ctx.t('checkin.saved', { count: answers.length }) };
  if (state.editing || state.items.every((item) => state.drafts[itemKey(item)])) {
    // The last Conferma of a check-in also says it is over and what comes next (in the same message).
    const end = state.editing ? done : { text: `${done.text}\n${endOfCheckin(turn).text}` };
    toIdle(turn);
    return [end];
  }
  return [done, ...next(turn, false)];
}

/** "modifica": pick one of the answers given at checkpoints still open (or, at the summary, one of the summary's). */
export function beginEdit(turn: Turn): OutgoingMessage[] {
  const { snapshot, person } = turn;
  if (isReadOnly(turn)) return [{ text: turn.ctx.t('oiv.readOnly') }];
  if (turn.state.mode === 'confirming') {
    turn.state.mode = 'choosing';
    return [chooseEditMessage(turn.state, turn.ctx)];
  }
  const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
  const items: CheckinItem[] = [
    ...snapshot.phaseProgress.filter((p) => p.by === person.code && !closed.has(p.asOf)).map((p) => ({ kind: 'phase' as const, objective: p.objective, code: p.phase, asOf: p.asOf, ...(p.onBehalfOf ? { onBehalfOf: p.onBehalfOf } : {}) })),
    ...snapshot.measurements.filter((m) => m.by === person.code && !closed.has(m.asOf)).map((m) => ({ kind: 'indicator' as const, objective: m.objective, code: m.indicator, asOf: m.asOf, ...(m.onBehalfOf ? { onBehalfOf: m.onBehalfOf } : {}) })),
  ];
  if (items.length === 0) return [{ text: turn.ctx.t('checkin.nothingToEdit') }];
  const drafts: CheckinState['drafts'] = {};
  for (const p of snapshot.phaseProgress) if (p.by === person.code) drafts[itemKey({ kind: 'phase', objective: p.objective, code: p.phase, asOf: p.asOf })] = { kind: 'phase', pct: p.pct };
  for (const m of snapshot.measurements) if (m.by === person.code) drafts[itemKey({ kind: 'indicator', objective: m.objective, code: m.indicator, asOf: m.asOf })] = { kind: 'indicator', raw: m.raw, value: m.value, status: m.status, ...(m.note ? { reason: m.note } : {}) };
  // Every listed answer starts as already saved; only those answered again are saved on Conferma.
  turn.state = { ...idleState(snapshot.ente.code, snapshot.plan.code, turn.state.confirmed), draft: newDraftId(), mode: 'choosing', items, drafts, editing: true, saved: items.map(itemKey) };
  return [chooseEditMessage(turn.state, turn.ctx)];
}

/** A pick from the "Quale risposta vuoi modificare?" list: that question again, then back to the summary. */
export function pickEdit(turn: Turn, index: number): OutgoingMessage[] {
  const { state } = turn;
  const item = state.items[index];
  if (!item) return [chooseEditMessage(state, turn.ctx)];
  if ((turn.snapshot.plan.closedCheckpoints ?? []).includes(item.asOf)) return [{ text: turn.ctx.t('checkin.closed', { date: formatDate(item.asOf, turn.ctx.locale) }) }];
  turn.state = { ...state, mode: 'asking', current: index, returnToSummary: true };
  return [questionMessage(turn.state, turn.ctx)];
}
