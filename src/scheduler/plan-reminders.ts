/**
 * Plans reminders from the plan, purely: for every phase deadline a ladder (N working days before,
 * on the day, follow-ups every K working days up to M, then escalation to the sector's dirigente
 * and to the coordinators), and for every monitoring date an ask on the first working day after it
 * with the same ladder. Dates are working days of the ente's calendar, times its local send time;
 * recipients are resolved on the send date (roles, absences → deputy, or held until return).
 * The output is rows with a unique key: writing them is idempotent.
 */
import type { IndicatorPlan, IsoDate, PhasePlan } from '../domain/plan.js';
import type { ObjectiveState, PlanSnapshot } from '../domain/plan-state.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { ReminderSettings } from '../domain/reminder-settings.js';
import { inQuietHours } from '../domain/reminder-settings.js';
import { phaseDeadline } from '../domain/phase-schedule.js';
import { coordinatorsFor, dirigenteOf, whoIsAsked } from '../domain/responsibility.js';
import { indicatorIsPending, latestOnOrBefore, phaseIsPending, progressOf } from '../domain/pending-items.js';
import { lastDayOfMonth } from '../domain/calendar-date.js';

export type ReminderKind = 'phase_deadline' | 'checkpoint' | 'month_end';

export interface PlannedReminder {
  key: string;
  kind: ReminderKind;
  /** what it is about: `phase:OBJ/CODE` or `indicator:OBJ/CODE@checkpoint` */
  subject: string;
  recipient: string;
  onBehalfOf?: string;
  /** local date it is sent */
  dueDate: IsoDate;
  /** lead-N | due | follow-N | ask | escalate-dirigente | escalate-coordinator */
  step: string;
  sendAt: Date;
  reason: { objective: string; item: { kind: 'phase' | 'indicator'; code: string }; deadline?: IsoDate; checkpoint?: IsoDate; heldFrom?: IsoDate; answerFrom?: string };
}

interface Rung {
  step: string;
  date: IsoDate;
  /** who to ask: the responsible person, or an escalation level */
  audience: 'asked' | 'dirigente' | 'coordinators';
}

/** The ladder of a due date: lead days before, the day itself, follow-ups, escalations. */
function ladder(calendar: WorkingCalendar, settings: ReminderSettings, base: IsoDate, opts: { leads: boolean; firstStep: string }): Rung[] {
  const rungs: Rung[] = [];
  if (opts.leads) for (const n of [...settings.leadDays].sort((a, b) => b - a)) rungs.push({ step: `lead-${n}`, date: calendar.workingDaysBefore(base, n), audience: 'asked' });
  const day = calendar.isWorkingDay(base) ? base : calendar.workingDaysBefore(base, 1);
  rungs.push({ step: opts.firstStep, date: day, audience: 'asked' });
  for (let i = 1; i <= settings.followUpMax; i++) rungs.push({ step: `follow-${i}`, date: calendar.addWorkingDays(day, settings.followUpEvery * i), audience: 'asked' });
  if (settings.escalation) {
    rungs.push({ step: 'escalate-dirigente', date: calendar.addWorkingDays(day, settings.followUpEvery * (settings.followUpMax + 1)), audience: 'dirigente' });
    rungs.push({ step: 'escalate-coordinator', date: calendar.addWorkingDays(day, settings.followUpEvery * (settings.followUpMax + 2)), audience: 'coordinators' });
  }
  // A lead day that falls on the due day (deadline on a non-working day) is the same reminder.
  const seen = new Set<string>();
  return rungs.filter((r) => (r.audience === 'asked' ? !seen.has(r.date) && seen.add(r.date) : true));
}

/** The send instant of a date: the configured local time, moved out of quiet hours if needed. */
function sendInstant(calendar: WorkingCalendar, settings: ReminderSettings, date: IsoDate): Date {
  const time = inQuietHours(settings.sendTime, settings.quietHours) ? settings.quietHours.to : settings.sendTime;
  return calendar.atLocalTime(date, time);
}

export function reminderKey(ente: string, r: Pick<PlannedReminder, 'kind' | 'subject' | 'recipient' | 'dueDate' | 'step'>): string {
  return [ente, r.kind, r.subject, r.recipient, r.dueDate, r.step].join('|');
}

interface Subject {
  kind: ReminderKind;
  subject: string;
  objective: ObjectiveState;
  item: { kind: 'phase' | 'indicator'; code: string };
  phase?: PhasePlan;
  indicator?: IndicatorPlan;
  rungs: Rung[];
  /** still to answer on that date? (a phase reported complete, an indicator answered: no more reminders) */
  stillDue: (date: IsoDate) => boolean;
  deadline?: IsoDate;
  checkpoint?: IsoDate;
}

function subjectsOf(snapshot: PlanSnapshot, settings: ReminderSettings, calendar: WorkingCalendar): Subject[] {
  const year = snapshot.plan.year;
  const subjects: Subject[] = [];
  // Many items share a due date (every indicator of a checkpoint, phases ending the same month):
  // one ladder per date and kind, shared by them (rungs are never modified).
  const ladders = new Map<string, Rung[]>();
  const ladderOf = (base: IsoDate, opts: { leads: boolean; firstStep: string }) => {
    const key = `${base}|${opts.leads}|${opts.firstStep}`;
    let rungs = ladders.get(key);
    if (!rungs) ladders.set(key, (rungs = ladder(calendar, settings, base, opts)));
    return rungs;
  };
  for (const objective of snapshot.objectives) {
    if (objective.status !== 'active') continue;
    for (const phase of objective.phases) {
      if (phase.status === 'cancelled') continue;
      const deadline = phaseDeadline(phase, year);
      if (!deadline) continue;
      // Not reported complete at any date: the same answer for every rung.
      const unfinished = (latestOnOrBefore(progressOf(snapshot, objective.code, phase.code), '9999-12-31')?.pct ?? 0) < 100;
      subjects.push({
        kind: 'phase_deadline',
        subject: `phase:${objective.code}/${phase.code}`,
        objective,
        item: { kind: 'phase', code: phase.code },
        phase,
        rungs: ladderOf(deadline, { leads: true, firstStep: 'due' }),
        stillDue: () => unfinished,
        deadline,
      });
      if (settings.monthEndAsks && phase.monthly) {
        // Month ends of a phase with planned monthly increments: ask for progress (optional per ente).
        for (const [month, increment] of Object.entries(phase.monthly)) {
          if (increment <= 0 || !month.startsWith(`${year}-`) || lastDayOfMonth(month) === deadline) continue;
          const end = lastDayOfMonth(month);
          subjects.push({
            kind: 'month_end',
            subject: `phase:${objective.code}/${phase.code}@${month}`,
            objective,
            item: { kind: 'phase', code: phase.code },
            phase,
            rungs: [{ step: 'month-end', date: calendar.isWorkingDay(end) ? end : calendar.workingDaysBefore(end, 1), audience: 'asked' }],
            stillDue: () => unfinished,
            deadline: end,
          });
        }
      }
    }
    for (const checkpoint of snapshot.plan.checkpoints) {
      const ask = calendar.nextWorkingDay(checkpoint, false);
      for (const indicator of objective.indicators) {
        if (indicator.context) continue;
        subjects.push({
          kind: 'checkpoint',
          subject: `indicator:${objective.code}/${indicator.code}@${checkpoint}`,
          objective,
          item: { kind: 'indicator', code: indicator.code },
          indicator,
          rungs: ladderOf(ask, { leads: false, firstStep: 'ask' }),
          stillDue: () => indicatorIsPending(snapshot, objective, indicator, checkpoint),
          checkpoint,
        });
      }
      for (const phase of objective.phases) {
        if (!phaseIsPending(snapshot, objective, phase, checkpoint)) continue;
        subjects.push({
          kind: 'checkpoint',
          subject: `phase:${objective.code}/${phase.code}@${checkpoint}`,
          objective,
          item: { kind: 'phase', code: phase.code },
          phase,
          rungs: ladderOf(ask, { leads: false, firstStep: 'ask' }),
          stillDue: () => phaseIsPending(snapshot, objective, phase, checkpoint),
          checkpoint,
        });
      }
    }
  }
  return subjects;
}

/** Reminders to send between `from` and `to` (inclusive local dates). */
export function planReminders(input: { snapshot: PlanSnapshot; settings: ReminderSettings; calendar: WorkingCalendar; from: IsoDate; to: IsoDate }): PlannedReminder[] {
  const { snapshot, settings, calendar, from, to } = input;
  if (settings.paused) return [];
  const paused = new Set(settings.pausedPeople);
  const out = new Map<string, PlannedReminder>();
  const sendTimes = new Map<IsoDate, number>();
  const add = (subject: Subject, rung: Rung, recipient: string, date: IsoDate, reasonExtra?: { answerFrom?: string; heldFrom?: IsoDate }, onBehalfOf?: string) => {
    if (date < from || date > to || paused.has(recipient)) return;
    let sendAt = sendTimes.get(date);
    if (sendAt === undefined) sendTimes.set(date, (sendAt = sendInstant(calendar, settings, date).getTime()));
    const reason: PlannedReminder['reason'] = { objective: subject.objective.code, item: subject.item };
    if (subject.deadline) reason.deadline = subject.deadline;
    if (subject.checkpoint) reason.checkpoint = subject.checkpoint;
    if (reasonExtra) Object.assign(reason, reasonExtra);
    // Property order as before (the golden files hash the planner's output).
    const planned: PlannedReminder = { key: '', kind: subject.kind, subject: subject.subject, recipient, ...(onBehalfOf ? { onBehalfOf } : {}), dueDate: date, step: rung.step, sendAt: new Date(sendAt), reason };
    planned.key = reminderKey(snapshot.ente.code, planned);
    out.set(planned.key, planned);
  };
  // A reminder goes out on its rung's date, or later when the person asked is away with no deputy
  // (on their first working day back). So a rung after the window plans nothing in it, and one
  // before it can only plan a question held by an absence that covers the rung's date: the rest
  // are skipped before the (costlier) look-up of who is asked.
  const absences = snapshot.people.flatMap((p) => p.absences);
  const mayPlanInWindow = (rung: Rung) => rung.date <= to && (rung.date >= from || (rung.audience === 'asked' && absences.some((a) => a.from <= rung.date && rung.date <= a.to)));
  for (const subject of subjectsOf(snapshot, settings, calendar)) {
    for (const rung of subject.rungs) {
      if (!mayPlanInWindow(rung) || !subject.stillDue(rung.date)) continue;
      const sector = subject.objective.orgUnits[0]!;
      const { phase, indicator } = subject;
      const asked = whoIsAsked({ org: snapshot, objective: subject.objective, date: rung.date, ...(phase ? { phase } : {}), ...(indicator ? { indicator } : {}) });
      if (!asked) continue;
      if (rung.audience === 'dirigente') {
        const dirigente = dirigenteOf(snapshot, sector, rung.date);
        if (dirigente) add(subject, rung, dirigente, rung.date, { answerFrom: asked.onBehalfOf ?? asked.person });
        continue;
      }
      if (rung.audience === 'coordinators') {
        for (const coordinator of coordinatorsFor(snapshot, sector, rung.date)) add(subject, rung, coordinator, rung.date, { answerFrom: asked.onBehalfOf ?? asked.person });
        continue;
      }
      if (asked.heldUntil) {
        // Absent with no deputy: ask on their first working day back …
        add(subject, rung, asked.person, calendar.nextWorkingDay(asked.heldUntil), { heldFrom: rung.date });
        // … and tell the coordinators when the deadline passes meanwhile.
        if (rung.step === 'due') for (const coordinator of coordinatorsFor(snapshot, sector, rung.date)) add(subject, { ...rung, step: 'held-notice' }, coordinator, rung.date, { answerFrom: asked.person, heldFrom: rung.date });
        continue;
      }
      add(subject, rung, asked.person, rung.date, undefined, asked.onBehalfOf);
    }
  }
  return [...out.values()].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.recipient.localeCompare(b.recipient) || a.key.localeCompare(b.key));
}
