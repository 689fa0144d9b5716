/**
 * The final assessment (Relazione sulla performance): after the plan's last checkpoint, each
 * responsible goes through their objectives one at a time. The computed % is proposed; they
 * confirm it or declare another (with a reason), choose the status class and may add a note; on
 * "Conferma" the engine stores it as an assessment. Pure: it turns the flow and a reply into the
 * next flow and messages; the engine persists both.
 */
import type { Choice, OutgoingMessage } from '../chat/port.js';
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { parsePercentAnswer } from '../domain/answers.js';
import { responsibleOn } from '../domain/responsibility.js';
import { buildReport } from '../reports/report.js';
import { formatDate, formatPct } from '../i18n/format.js';
import type { MessageContext } from './message-context.js';

export const ASSESSED_STATUSES = ['on_track', 'actions_started', 'immediate_actions'] as const;
export type AssessedStatusChoice = (typeof ASSESSED_STATUSES)[number];

export interface AssessmentDraft {
  objective: string;
  computedPct: number | null;
  pct?: number;
  reason?: string;
  status?: AssessedStatusChoice;
  note?: string | null;
}

export interface AssessmentFlow {
  /** the final checkpoint being assessed */
  asOf: IsoDate;
  /** objective codes, in order */
  objectives: string[];
  current: number;
  step: 'pct' | 'reason' | 'status' | 'note' | 'confirm';
  draft: AssessmentDraft;
  /** computed % per objective, from the report at the final checkpoint */
  computed: Record<string, number | null>;
}

/** What a reply led to: stay in the flow (with messages), or save the draft. */
export type AssessmentStep = { kind: 'reply'; flow: AssessmentFlow; messages: OutgoingMessage[] } | { kind: 'save'; flow: AssessmentFlow; draft: Required<Omit<AssessmentDraft, 'reason'>> & { reason: string | null } };

/** The plan's last monitoring date: the final assessment is about it. */
export function finalCheckpoint(snapshot: PlanSnapshot): IsoDate | null {
  return [...snapshot.plan.checkpoints].sort().at(-1) ?? null;
}

/** The objectives `person` assesses: theirs at the final checkpoint, not cancelled; those not yet assessed first unless `only` names one. */
export function objectivesToAssess(snapshot: PlanSnapshot, person: string, asOf: IsoDate, only?: string): { todo: string[]; assessed: string[] } {
  const mine = snapshot.objectives.filter((o) => o.status !== 'cancelled' && responsibleOn(snapshot, o, asOf)?.person === person).map((o) => o.code);
  const assessed = new Set(snapshot.assessments.filter((a) => a.asOf === asOf && a.kind === 'final' && a.pct !== undefined).map((a) => a.objective));
  if (only) return { todo: mine.filter((code) => code.toLowerCase() === only.toLowerCase()), assessed: mine.filter((c) => assessed.has(c)) };
  return { todo: mine.filter((code) => !assessed.has(code)), assessed: mine.filter((c) => assessed.has(c)) };
}

export function startFlow(snapshot: PlanSnapshot, asOf: IsoDate, objectives: string[]): AssessmentFlow {
  const report = buildReport(snapshot, asOf);
  const computed = Object.fromEntries(objectives.map((code) => [code, report.objectives.find((o) => o.code === code)?.computedPct ?? null]));
  return { asOf, objectives, current: 0, step: 'pct', draft: { objective: objectives[0]!, computedPct: computed[objectives[0]!] ?? null }, computed };
}

const samePct = (a: number, b: number | null) => b !== null && Math.abs(a - b) < 0.005;

function statusFrom(text: string, ctx: MessageContext): AssessedStatusChoice | null {
  const word = text.trim().toLowerCase();
  const index = Number(word);
  if (Number.isInteger(index) && index >= 1 && index <= ASSESSED_STATUSES.length) return ASSESSED_STATUSES[index - 1]!;
  return ASSESSED_STATUSES.find((s) => word === s || word === ctx.t(`status.${s}`).toLowerCase() || word === ctx.t(`assessment.statusShort.${s}`).toLowerCase()) ?? null;
}

/** The question for the current step. */
export function assessmentQuestion(flow: AssessmentFlow, snapshot: PlanSnapshot, ctx: MessageContext): OutgoingMessage {
  const { t, locale } = ctx;
  const objective = snapshot.objectives.find((o) => o.code === flow.draft.objective)!;
  const head = t('assessment.objective', { code: objective.code, title: objective.title, n: flow.current + 1, total: flow.objectives.length });
  const computed = flow.draft.computedPct;
  switch (flow.step) {
    case 'pct': {
      const lines = [head, computed === null ? t('assessment.computedNone', { date: formatDate(flow.asOf, locale) }) : t('assessment.computed', { date: formatDate(flow.asOf, locale), pct: formatPct(computed, locale, 2) }), t('assessment.askPct')];
      const choices: Choice[][] = computed === null ? [] : [[{ label: t('assessment.buttons.confirmComputed', { pct: formatPct(computed, locale, 2) }), value: 'asm:computed', style: 'primary' }]];
      return { text: lines.join('\n'), ...(choices.length > 0 ? { choices } : {}) };
    }
    case 'reason':
      return { text: t('assessment.askReason', { declared: formatPct(flow.draft.pct ?? null, locale, 2), computed: formatPct(computed, locale, 2) }) };
    case 'status':
      return {
        text: [t('assessment.askStatus'), ...ASSESSED_STATUSES.map((s, i) => `${i + 1}. ${t(`status.${s}`)}`)].join('\n'),
        choices: ASSESSED_STATUSES.map((s) => [{ label: t(`assessment.statusShort.${s}`), value: `asm:status:${s}` }]),
      };
    case 'note':
      return { text: t('assessment.askNote'), choices: [[{ label: t('assessment.buttons.noNote'), value: 'asm:nonote' }]] };
    case 'confirm': {
      const d = flow.draft;
      const lines = [
        t('assessment.summary', { code: d.objective }),
        t('assessment.summaryPct', { pct: formatPct(d.pct ?? null, locale, 2), computed: formatPct(computed, locale, 2) }),
        ...(d.reason ? [t('assessment.summaryReason', { reason: d.reason })] : []),
        t('assessment.summaryStatus', { status: t(`status.${d.status}`) }),
        t('assessment.summaryNote', { note: d.note ? d.note : t('assessment.noNote') }),
        t('assessment.confirmQuestion'),
      ];
      return { text: lines.join('\n'), choices: [[{ label: t('checkin.buttons.confirm'), value: 'asm:confirm', style: 'primary' }, { label: t('assessment.buttons.redo'), value: 'asm:redo' }]] };
    }
  }
}

/**
 * Applies a reply (typed text, or a button's value without its `asm:` prefix when `choice`) to the
 * flow. Invalid replies get the reason and the same question again; nothing is stored until "save".
 */
export function answerAssessment(flow: AssessmentFlow, reply: { text: string; choice: boolean }, snapshot: PlanSnapshot, ctx: MessageContext): AssessmentStep {
  const { t } = ctx;
  const next = structuredClone(flow);
  const ask = (...before: OutgoingMessage[]): AssessmentStep => ({ kind: 'reply', flow: next, messages: [...before, assessmentQuestion(next, snapshot, ctx)] });
  const text = reply.text.trim();
  switch (flow.step) {
    case 'pct': {
      if (reply.choice && text === 'computed' && flow.draft.computedPct !== null) {
        next.draft.pct = flow.draft.computedPct;
        next.step = 'status';
        return ask();
      }
      const parsed = parsePercentAnswer(text);
      if (!parsed.ok) return ask({ text: t(`checkin.invalid.${parsed.error.code}`, { answer: text, example: '85' }) });
      next.draft.pct = parsed.pct;
      // Declaring something other than the computed % needs a reason (the OIV checks coherence).
      next.step = samePct(parsed.pct, flow.draft.computedPct) ? 'status' : 'reason';
      return ask();
    }
    case 'reason':
      if (text.length < 3) return ask({ text: t('assessment.reasonRequired') });
      next.draft.reason = text;
      next.step = 'status';
      return ask();
    case 'status': {
      const status = reply.choice ? (ASSESSED_STATUSES.find((s) => text === `status:${s}`) ?? null) : statusFrom(text, ctx);
      if (!status) return ask({ text: t('assessment.statusInvalid', { answer: text }) });
      next.draft.status = status;
      next.step = 'note';
      return ask();
    }
    case 'note': {
      const none = (reply.choice && text === 'nonote') || ['nessuna', 'no', 'none', '-', '—'].includes(text.toLowerCase());
      next.draft.note = none ? null : text;
      next.step = 'confirm';
      return ask();
    }
    case 'confirm': {
      const word = text.toLowerCase();
      if ((reply.choice && text === 'confirm') || ['conferma', 'confermo', 'ok', 'sì', 'si', 'confirm', 'yes'].includes(word)) {
        const d = flow.draft;
        return { kind: 'save', flow: next, draft: { objective: d.objective, computedPct: d.computedPct, pct: d.pct!, status: d.status!, note: d.note ?? null, reason: d.reason ?? null } };
      }
      if ((reply.choice && text === 'redo') || ['rifai', 'modifica', 'redo', 'edit'].includes(word)) {
        next.draft = { objective: flow.draft.objective, computedPct: flow.draft.computedPct };
        next.step = 'pct';
        return ask();
      }
      return ask({ text: t('assessment.confirmHint') });
    }
  }
}

/**
 * The flow against the plan as it is now: objectives retired or cancelled since it started are
 * dropped (the current one too: the next one is asked); null when none is left.
 */
export function reconcileFlow(flow: AssessmentFlow, snapshot: PlanSnapshot): AssessmentFlow | null {
  const live = new Set(snapshot.objectives.filter((o) => o.status !== 'cancelled').map((o) => o.code));
  if (flow.objectives.every((code) => live.has(code))) return flow;
  const remaining = flow.objectives.slice(flow.current).filter((code) => live.has(code));
  const done = flow.objectives.slice(0, flow.current).filter((code) => live.has(code));
  const next = remaining[0];
  if (!next) return null;
  const keepDraft = next === flow.draft.objective;
  return { ...flow, objectives: [...done, ...remaining], current: done.length, ...(keepDraft ? {} : { step: 'pct' as const, draft: { objective: next, computedPct: flow.computed[next] ?? null } }) };
}

/** After a save: the next objective's first question, or null when every objective is done. */
export function advance(flow: AssessmentFlow): AssessmentFlow | null {
  const index = flow.current + 1;
  const code = flow.objectives[index];
  if (!code) return null;
  return { ...flow, current: index, step: 'pct', draft: { objective: code, computedPct: flow.computed[code] ?? null } };
}
