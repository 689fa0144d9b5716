/**
 * The one message a person gets per day: every reminder due for them that day, as a list, with a
 * button that starts the check-in. Platform-free; adapters render it.
 */
import type { OutgoingMessage } from '../chat/port.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { ReminderRow } from '../db/reminder-store.js';
import type { PlannedReminder } from './plan-reminders.js';
import { formatDate } from '../i18n/format.js';
import { translator, type Locale } from '../i18n/messages.js';

export function reminderMessage(rows: ReminderRow[], snapshot: PlanSnapshot, locale: Locale): OutgoingMessage {
  const t = translator(locale);
  const name = (code: string | null | undefined) => snapshot.people.find((p) => p.code === code)?.name ?? code ?? '';
  const lines = [t('reminder.title', { date: formatDate(rows[0]!.dueDate, locale) })];
  const deputyFor = [...new Set(rows.map((r) => r.onBehalfOf).filter((p): p is string => Boolean(p)))];
  if (deputyFor.length > 0) lines.push(t('reminder.deputy', { person: deputyFor.map(name).join(', ') }));
  for (const row of rows) {
    const reason = row.reason as PlannedReminder['reason'];
    const objective = snapshot.objectives.find((o) => o.code === reason.objective);
    const title =
      reason.item.kind === 'phase'
        ? (objective?.phases.find((p) => p.code === reason.item.code)?.title ?? '')
        : (objective?.indicators.find((i) => i.code === reason.item.code)?.name ?? '');
    const base = { objective: reason.objective, code: reason.item.code, title: title.length > 80 ? `${title.slice(0, 79)}…` : title };
    const date = formatDate(reason.deadline ?? reason.checkpoint ?? row.dueDate, locale);
    if (row.step === 'held-notice') lines.push(t('reminder.held', { ...base, kind: t(`checkin.kind.${reason.item.kind}`), person: name(reason.answerFrom), date }));
    else if (row.kind === 'month_end') lines.push(t('reminder.monthEnd', { ...base, date }));
    else if (row.step.startsWith('escalate')) lines.push(t('reminder.escalate', { ...base, kind: t(`checkin.kind.${reason.item.kind}`), person: name(reason.answerFrom), date }));
    else if (row.kind === 'checkpoint') lines.push(t(reason.item.kind === 'phase' ? 'reminder.askPhase' : 'reminder.ask', { ...base, date }));
    else if (row.step.startsWith('lead')) lines.push(t('reminder.lead', { ...base, date }));
    else if (row.step === 'due') lines.push(t('reminder.due', base));
    else lines.push(t('reminder.follow', { ...base, date }));
  }
  lines.push(t('reminder.action'));
  const answer = rows.some((r) => !r.step.startsWith('escalate') && r.step !== 'held-notice');
  return { text: lines.join('\n'), ...(answer ? { choices: [[{ label: t('checkin.buttons.start'), value: 'ctl:start', style: 'primary' as const }]] } : {}) };
}
