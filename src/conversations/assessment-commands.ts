/**
 * `valutazione` and `nota`: the final assessment of a person's objectives, one objective at a time
 * (each saved with the state in the turn's transaction), and the OIV's note on an assessment.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { CheckpointClosedError } from '../db/answer-store.js';
import { saveAssessmentInTx, saveOivNoteInTx, NoAssessmentError } from '../db/assessment-store.js';
import { ReadOnlyRoleError } from '../db/read-only-role.js';
import { formatDate } from '../i18n/format.js';
import { advance, answerAssessment, assessmentQuestion, finalCheckpoint, objectivesToAssess, reconcileFlow, startFlow } from './final-assessment.js';
import { newDraftId, toIdle } from './checkin-flow.js';
import { countStoredAfterCommit, isReadOnly, type Turn } from './turn.js';

const CONFIRMED_KEPT = 20;

/** `valutazione [OBIETTIVO]`: the final assessment of the person's objectives, after the last checkpoint. */
export function beginAssessment(turn: Turn, only: string): OutgoingMessage[] {
  const { t, locale } = turn.ctx;
  const { snapshot } = turn;
  if (isReadOnly(turn)) return [{ text: t('oiv.readOnly') }];
  const inProgress = turn.state.mode === 'assessing' && turn.state.assessment ? reconcileFlow(turn.state.assessment, snapshot) : null;
  if (inProgress && !only) {
    turn.state.assessment = inProgress;
    return [assessmentQuestion(inProgress, snapshot, turn.ctx)];
  }
  const asOf = finalCheckpoint(snapshot);
  if (!asOf || turn.today <= asOf) return [{ text: t('assessment.notYet', { date: asOf ? formatDate(asOf, locale) : '—' }) }];
  if ((snapshot.plan.closedCheckpoints ?? []).includes(asOf)) return [{ text: t('checkin.closed', { date: formatDate(asOf, locale) }) }];
  const { todo, assessed } = objectivesToAssess(snapshot, turn.person.code, asOf, only || undefined);
  if (todo.length === 0) {
    if (only) return [{ text: t('assessment.notYours', { code: only.toUpperCase() }) }];
    return [{ text: assessed.length > 0 ? t('assessment.allDone', { count: assessed.length }) : t('assessment.none') }];
  }
  const flow = startFlow(snapshot, asOf, todo);
  toIdle(turn);
  turn.state = { ...turn.state, draft: newDraftId(), mode: 'assessing', assessment: flow };
  return [{ text: t('assessment.intro', { count: todo.length, date: formatDate(asOf, locale) }) }, assessmentQuestion(flow, snapshot, turn.ctx)];
}

/** A reply (typed, or a button's value without `asm:` when `choice`) to the assessment's current step. */
export async function assess(turn: Turn, text: string, choice: boolean): Promise<OutgoingMessage[]> {
  const { state, ctx, snapshot, person } = turn;
  const flow = state.assessment ? reconcileFlow(state.assessment, snapshot) : null;
  if (!flow) {
    // Every objective of this assessment left the plan meanwhile.
    toIdle(turn);
    return [{ text: ctx.t('assessment.none') }];
  }
  if (flow.draft.objective !== state.assessment!.draft.objective) {
    // The reply was meant for an objective no longer in the plan: say so and ask about the next one.
    const dropped = state.assessment!.draft.objective;
    state.assessment = flow;
    return [{ text: ctx.t('assessment.dropped', { code: dropped }) }, assessmentQuestion(flow, snapshot, ctx)];
  }
  const step = answerAssessment(flow, { text, choice }, snapshot, ctx);
  if (step.kind === 'reply') {
    state.assessment = step.flow;
    return step.messages;
  }
  try {
    const outcome = await saveAssessmentInTx(await turn.lock.take(), {
      ente: state.ente,
      plan: state.plan,
      objective: step.draft.objective,
      asOf: step.flow.asOf,
      pct: step.draft.pct,
      computedPct: step.draft.computedPct,
      status: step.draft.status,
      note: step.draft.note,
      reason: step.draft.reason,
      by: person.code,
      channel: turn.event.platform,
      on: turn.today,
    });
    countStoredAfterCommit(turn, [outcome]);
  } catch (error) {
    toIdle(turn);
    if (error instanceof CheckpointClosedError) return [{ text: ctx.t('checkin.closed', { date: formatDate(error.checkpoint, ctx.locale) }) }];
    if (error instanceof ReadOnlyRoleError) return [{ text: ctx.t('oiv.readOnly') }];
    throw error;
  }
  if (turn.token) state.confirmed = [...state.confirmed, turn.token].slice(-CONFIRMED_KEPT);
  const saved: OutgoingMessage = { text: ctx.t('assessment.saved', { code: step.draft.objective }) };
  const following = advance(step.flow);
  if (!following) {
    toIdle(turn);
    return [saved, { text: ctx.t('assessment.finished') }];
  }
  state.assessment = following;
  return [saved, assessmentQuestion(following, snapshot, ctx)];
}

/** `nota OBIETTIVO testo`: the OIV's note on an objective's final assessment (OIV only). */
export async function oivNote(turn: Turn, args: string): Promise<OutgoingMessage[]> {
  const { t, locale } = turn.ctx;
  const { snapshot } = turn;
  if (!isReadOnly(turn)) return [{ text: t('oiv.onlyOiv') }];
  const code = args.trim().split(/\s+/)[0] ?? '';
  const objective = snapshot.objectives.find((o) => o.code.toLowerCase() === code.toLowerCase());
  // The note as written: its line breaks and spacing are the OIV's.
  const note = args.trim().slice(code.length).trim();
  if (!objective || !note) return [{ text: t('oiv.noteUsage') }];
  const asOf = finalCheckpoint(snapshot);
  if (!asOf) return [{ text: t('oiv.noAssessment', { code: objective.code }) }];
  try {
    countStoredAfterCommit(turn, [await saveOivNoteInTx(await turn.lock.take(), { ente: snapshot.ente.code, plan: snapshot.plan.code, objective: objective.code, asOf, note, by: turn.person.code, channel: turn.event.platform, on: turn.today })]);
  } catch (error) {
    if (error instanceof NoAssessmentError) return [{ text: t('oiv.noAssessment', { code: objective.code }) }];
    throw error;
  }
  return [{ text: t('oiv.noteSaved', { code: objective.code, date: formatDate(asOf, locale) }) }];
}
