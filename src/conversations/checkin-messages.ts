/**
 * The check-in's messages, platform-free: one question per item (objective, phase or indicator,
 * target, last value, what to write), the summary to confirm, and the status overview. All text
 * comes from prompts/; numbers and dates are written the person's way.
 */
import type { Choice, OutgoingMessage } from '../chat/port.js';
import type { MeasuredValue } from '../domain/measured-value.js';
import type { TargetSpec } from '../domain/target-spec.js';
import { parseItalianNumber } from '../domain/italian-number.js';
import { plannedPct } from '../domain/phase-schedule.js';
import { latestOnOrBefore } from '../domain/pending-items.js';
import { expectedFor } from '../domain/answers.js';
import { formatDate, formatNumber, formatPct } from '../i18n/format.js';
import { itemKey, unconfirmedItems, type CheckinItem, type CheckinState, type Draft } from './checkin-state.js';
import type { MessageContext } from './message-context.js';

export type { MessageContext };

/** A measured value as people read it: the number their way, or the status words. */
export function describeValue(value: MeasuredValue | null, raw: string, status: string, ctx: MessageContext): string {
  if (status !== 'measured') return ctx.t(`checkin.status_words.${status}`);
  if (!value) return raw;
  switch (value.kind) {
    case 'number':
      return `${value.approx ? '~' : ''}${value.bound === 'gt' ? '>' : value.bound === 'lt' ? '<' : ''}${formatNumber(value.value, ctx.locale)}${/%/.test(raw) ? '%' : ''}`;
    case 'boolean':
      return ctx.t(value.value ? 'checkin.buttons.yes' : 'checkin.buttons.no');
    case 'date':
      return formatDate(value.date, ctx.locale);
    case 'fraction':
      return `${formatNumber(value.numerator, ctx.locale)}/${formatNumber(value.denominator, ctx.locale)}`;
    default:
      return raw;
  }
}

function objectiveOf(ctx: MessageContext, code: string) {
  const objective = ctx.snapshot.objectives.find((o) => o.code === code);
  if (!objective) throw new Error(`objective ${code} is not in the plan`);
  return objective;
}

/** The buttons offered under a question. */
function questionChoices(item: CheckinItem, ctx: MessageContext, expected: string): Choice[][] {
  const b = (key: string) => ctx.t(`checkin.buttons.${key}`);
  const rows: Choice[][] = [];
  if (expected === 'yes_no') rows.push([{ label: b('yes'), value: `ans:${b('yes')}` }, { label: b('no'), value: `ans:${b('no')}` }]);
  if (item.kind === 'indicator') rows.push([{ label: b('notMeasurable'), value: 'ans:non rilevabile' }, { label: b('yearEnd'), value: 'ans:a consuntivo' }]);
  rows.push([{ label: b('later'), value: 'ctl:later' }, { label: b('skip'), value: 'ctl:skip' }]);
  return rows;
}

/**
 * A target as people read it: the plan's words, with its one number written the person's way
 * ("5700€" → "5.700 €"). Targets with several numbers, dates or no parsed figure are shown as written.
 */
export function describeTarget(raw: string, spec: TargetSpec | undefined, ctx: MessageContext): string {
  if (spec?.kind !== 'numeric') return raw;
  const numbers = raw.match(/\d[\d.,]*/g) ?? [];
  // Only when the one number written is the target's figure ("2 milioni" stays as written).
  if (numbers.length !== 1 || /\d[/-]\d/.test(raw) || parseItalianNumber(numbers[0]!)?.value !== spec.value) return raw;
  const euro = spec.unit === 'eur' || /€|\beur(o)?\b/i.test(raw);
  const figure = formatNumber(spec.value, ctx.locale);
  const written = raw.replace(/\s*(€|\beuro?\b)\s*/gi, ' ').replace(/\d[\d.,]*/, figure).replace(/\s+/g, ' ').trim();
  return euro ? ctx.t('checkin.targetEuro', { target: written }) : written;
}

/** The follow-up question about the answer just given: the reason of a «non rilevabile», or confirming an unlikely value. */
export function followUpMessage(state: CheckinState, ctx: MessageContext): OutgoingMessage {
  const { t } = ctx;
  const followUp = state.followUp!;
  const item = state.items[state.current]!;
  if (followUp.ask === 'reason') return { text: t('checkin.askReason', { objective: item.objective, code: item.code }) };
  return {
    text: t(`checkin.plausibility.${followUp.problem}`, { value: followUp.shown, limit: followUp.limit ?? '' }),
    choices: [[{ label: t('checkin.buttons.yes'), value: 'ans:sì', style: 'primary' }, { label: t('checkin.buttons.no'), value: 'ans:no' }]],
  };
}

/** The question for one item of the check-in. */
export function questionMessage(state: CheckinState, ctx: MessageContext): OutgoingMessage {
  const { t, locale, snapshot } = ctx;
  const item = state.items[state.current]!;
  const objective = objectiveOf(ctx, item.objective);
  const unanswered = state.items.length;
  // Each item keeps its number; one postponed with «dopo» comes back last under its own number.
  const position = state.postponed.includes(itemKey(item)) ? 'checkin.positionPostponed' : 'checkin.position';
  const lines = [`${t('checkin.objective', { code: objective.code, title: objective.title })} ${t(position, { n: state.current + 1, total: unanswered })}`];
  let expected = 'percent';
  if (item.kind === 'phase') {
    const phase = objective.phases.find((p) => p.code === item.code)!;
    lines.push(t('checkin.phase', { code: phase.code, title: phase.title }));
    const planned = plannedPct(phase, item.asOf, snapshot.plan.year);
    if (planned !== null) lines.push(t('checkin.planned', { date: formatDate(item.asOf, locale), pct: formatPct(planned, locale) }));
    const last = latestOnOrBefore(snapshot.phaseProgress.filter((p) => p.objective === item.objective && p.phase === item.code), '9999-12-31');
    lines.push(last ? t('checkin.last', { value: formatPct(last.pct, locale), date: formatDate(last.asOf, locale) }) : t('checkin.lastNone'));
    lines.push(t('checkin.askPhase'));
  } else {
    const indicator = objective.indicators.find((i) => i.code === item.code)!;
    lines.push(t('checkin.indicator', { code: indicator.code, name: indicator.name }));
    const target = indicator.targets?.[item.asOf] ?? indicator.target;
    if (target) lines.push(t('checkin.target', { target: describeTarget(target, indicator.targets?.[item.asOf] ? undefined : indicator.targetField?.spec, ctx) }));
    const last = latestOnOrBefore(snapshot.measurements.filter((m) => m.objective === item.objective && m.indicator === item.code), '9999-12-31');
    lines.push(last ? t('checkin.last', { value: describeValue(last.value, last.raw, last.status, ctx), date: formatDate(last.asOf, locale) }) : t('checkin.lastNone'));
    expected = expectedFor({ unit: indicator.unit, target: indicator.targetField?.spec });
    const date = formatDate(item.asOf, locale);
    if (expected === 'yes_no') lines.push(t('checkin.askYesNo', { date }));
    else if (expected === 'date') lines.push(t('checkin.askDate', { date }));
    else lines.push(t('checkin.askIndicator', { date, example: expected === 'percent' ? '42,5%' : expected === 'fraction' ? '4 su 5' : expected === 'text' ? 'approvato il 10/03' : '42,5' }));
  }
  return { text: lines.join('\n'), choices: questionChoices(item, ctx, expected) };
}

function draftLine(item: CheckinItem, draft: Draft | undefined, ctx: MessageContext): string {
  const { t, locale } = ctx;
  if (!draft || draft.kind === 'skipped') return t('checkin.summarySkipped', { objective: item.objective, kind: t(`checkin.kind.${item.kind}`), code: item.code });
  if (draft.kind === 'phase') return t('checkin.summaryPhase', { objective: item.objective, code: item.code, pct: formatPct(draft.pct, locale) });
  const value = describeValue(draft.value, draft.raw, draft.status, ctx) + (draft.reason ? ` (${draft.reason})` : '');
  return t('checkin.summaryIndicator', { objective: item.objective, code: item.code, value });
}

/** The summary shown before saving, with Conferma / Modifica (and Scarta when a new check-in was asked for). */
export function summaryMessage(state: CheckinState, ctx: MessageContext, options: { discard?: boolean } = {}): OutgoingMessage {
  const { t } = ctx;
  const lines = [t('checkin.summaryTitle'), ...unconfirmedItems(state).map((item) => draftLine(item, state.drafts[itemKey(item)], ctx)), t('checkin.confirmQuestion')];
  const row: Choice[] = [{ label: t('checkin.buttons.confirm'), value: 'ctl:confirm', style: 'primary' }, { label: t('checkin.buttons.edit'), value: 'ctl:edit' }];
  if (options.discard) row.push({ label: t('checkin.buttons.discard'), value: 'ctl:discard', style: 'danger' });
  return { text: lines.join('\n'), choices: [row] };
}

/** The list of answers to pick from after "Modifica". */
export function chooseEditMessage(state: CheckinState, ctx: MessageContext): OutgoingMessage {
  const editable = state.editing ? state.items : unconfirmedItems(state);
  const choices = editable.map((item) => [{ label: draftLine(item, state.drafts[itemKey(item)], ctx).replace(/^• /, '').slice(0, 60), value: `edit:${state.items.indexOf(item)}` }]);
  return { text: ctx.t('checkin.chooseEdit'), choices };
}

/** "stato": what the person still has to answer, by monitoring date, and their last answers. */
export function statusMessage(groups: Array<{ asOf: string; items: CheckinItem[]; upcoming: boolean }>, me: string, ctx: MessageContext): OutgoingMessage {
  const { t, locale, snapshot } = ctx;
  const lines = [t('checkin.status.title')];
  const list = (items: CheckinItem[]) => items.slice(0, 10).map((i) => `${i.objective} ${t(`checkin.kind.${i.kind}`)} ${i.code}`).join(', ') + (items.length > 10 ? ', …' : '');
  if (groups.every((g) => g.upcoming)) lines.push(t(groups.length > 0 ? 'checkin.status.noneNow' : 'checkin.status.none'));
  for (const group of groups) lines.push(t(group.upcoming ? 'checkin.status.pendingNext' : 'checkin.status.pendingAt', { date: formatDate(group.asOf, locale), count: group.items.length, list: list(group.items) }));
  const pending = groups.filter((g) => !g.upcoming).flatMap((g) => g.items);
  const mine = [
    ...snapshot.measurements.filter((m) => m.by === me).map((m) => ({ at: m.recordedAt, line: t('checkin.status.answer', { objective: m.objective, kind: t('checkin.kind.indicator'), code: m.indicator, value: describeValue(m.value, m.raw, m.status, ctx), date: formatDate(m.asOf, locale) }) })),
    ...snapshot.phaseProgress.filter((p) => p.by === me).map((p) => ({ at: p.recordedAt, line: t('checkin.status.answer', { objective: p.objective, kind: t('checkin.kind.phase'), code: p.phase, value: formatPct(p.pct, locale), date: formatDate(p.asOf, locale) }) })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (mine.length > 0) lines.push(t('checkin.status.lastAnswers'), ...mine.slice(0, 5).map((m) => m.line));
  const choices = pending.length > 0 ? [[{ label: t('checkin.buttons.start'), value: 'ctl:start', style: 'primary' as const }]] : undefined;
  return { text: lines.join('\n'), ...(choices ? { choices } : {}) };
}
