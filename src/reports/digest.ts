/**
 * The weekly sector digest (domain.md §6): header (sector, dirigente, date, overall % and method,
 * counts by status class), then each objective (phases done, planned vs actual and gap, phases due
 * in the next 7 days, overdue phases, indicators with target, last value, deviation and met), then
 * who has not answered. Built from `buildReport`, so it never disagrees with `perfbot report`.
 * Platform-free: a list of blocks that the text renderer and the chat serializers lay out.
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { addDays } from '../domain/calendar-date.js';
import type { Report, ReportObjective } from './report-schema.js';

export interface DigestIndicator {
  code: string;
  name: string;
  target: string | null;
  value: string | null;
  at: IsoDate | null;
  by: string | null;
  deviation: number | null;
  met: boolean | null;
  status: string;
}

export interface DigestObjective {
  code: string;
  title: string;
  weight: number | null;
  priority: string | null;
  responsible: string | null;
  transversal: boolean;
  pct: number | null;
  status: string | null;
  phasesDone: number;
  phasesTotal: number;
  plannedPct: number | null;
  actualPct: number | null;
  gapPct: number | null;
  /** someone has reported on it (a phase % or an indicator value, "non rilevabile" included): else its actual 0 % means "not reported" */
  reported: boolean;
  dueSoon: Array<{ code: string; title: string; deadline: IsoDate }>;
  overdue: Array<{ code: string; title: string; daysLate: number }>;
  indicators: DigestIndicator[];
}

export interface SectorDigest {
  ente: string;
  sector: { code: string; name: string };
  dirigente: string | null;
  asOf: IsoDate;
  pct: number | null;
  method: 'weighted' | 'mean';
  counts: Record<string, number>;
  objectives: DigestObjective[];
  pending: Array<{ person: string; items: number; lastReminder: IsoDate | null }>;
  /** reminders about this sector's objectives that could not be delivered, per person and day (absent: none) */
  undelivered?: Array<{ person: string; date: IsoDate; items: number }>;
}

/** A reminder that failed for good (see db/reminder-history.ts), as the digest needs it. */
export interface FailedReminder {
  recipient: string;
  dueDate: IsoDate;
  objective: string | null;
}

/** Marks a yes/no target whose text only repeats the indicator's name: the renderer says "sì" instead. */
export const DELIVERABLE = '\u0000deliverable';

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function deliverableTarget(target: ReportObjective['indicators'][number]['target'], name: string): boolean {
  // A number in the text is a quantity the reader needs ("n. 30 servizi …"): keep the text then.
  if (!target || !['boolean', 'milestone'].includes(target.spec.kind) || /\d/.test(target.raw)) return false;
  return normalise(target.raw) === normalise(name) || normalise(name).startsWith(normalise(target.raw));
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function digestObjective(objective: ReportObjective, plans: Map<string, PlanSnapshot['objectives'][number]>, asOf: IsoDate): DigestObjective {
  const active = objective.phases.filter((p) => p.status === 'active');
  const scheduled = active.filter((p) => p.plannedPct !== null);
  const planned = mean(scheduled.map((p) => p.plannedPct as number));
  const actual = mean(scheduled.map((p) => p.actualPct ?? 0));
  const soon = addDays(asOf, 7);
  const plan = plans.get(objective.code);
  const names = new Map(plan?.indicators.map((x) => [x.code, x.name]));
  return {
    code: objective.code,
    title: objective.title,
    weight: objective.weight,
    priority: objective.priority,
    responsible: objective.responsible,
    transversal: objective.transversal,
    pct: objective.pct,
    status: objective.status,
    phasesDone: active.filter((p) => (p.actualPct ?? 0) >= 100).length,
    phasesTotal: active.length,
    plannedPct: planned,
    actualPct: actual,
    gapPct: planned === null || actual === null ? null : planned - actual,
    reported: objective.phases.some((p) => p.lastReportAt !== null) || objective.indicators.some((i) => i.value !== null),
    dueSoon: active
      .filter((p) => p.deadline !== null && p.deadline > asOf && p.deadline <= soon && (p.actualPct ?? 0) < 100)
      .map((p) => ({ code: p.code, title: p.title, deadline: p.deadline as IsoDate })),
    overdue: active.filter((p) => p.overdue && p.daysLate !== null).map((p) => ({ code: p.code, title: p.title, daysLate: p.daysLate as number })),
    indicators: objective.indicators
      .filter((i) => !i.context)
      .map((i) => ({
        code: i.code,
        name: names.get(i.code) ?? i.name,
        target: deliverableTarget(i.target, names.get(i.code) ?? i.name) ? DELIVERABLE : (i.target?.raw ?? null),
        value: i.value?.raw ?? null,
        at: i.value?.at ?? null,
        by: i.value?.by ?? null,
        deviation: i.deviation,
        met: i.met,
        status: i.status,
      })),
  };
}

/**
 * One sector's digest; `lastReminders` maps a person to the date of their last reminder sent, and
 * `failedReminders` (those about this sector's objectives count) are listed so the coordinators
 * can reach the people a reminder did not reach.
 */
export function buildSectorDigest(report: Report, snapshot: PlanSnapshot, sectorCode: string, lastReminders: Map<string, IsoDate> = new Map(), failedReminders: FailedReminder[] = []): SectorDigest {
  const sector = report.sectors.find((s) => s.code === sectorCode);
  if (!sector) throw new RangeError(`sector ${sectorCode} has no objectives in ${report.ente}/${report.plan}`);
  // One look-up table, not a search of the whole plan per objective: assembly stays linear.
  const plans = new Map(snapshot.objectives.map((o) => [o.code, o]));
  const objectives = report.objectives
    .filter((o) => o.sectors.includes(sectorCode))
    .map((o) => digestObjective(o, plans, report.asOf));
  return {
    ente: snapshot.ente.name,
    sector: { code: sector.code, name: sector.name },
    dirigente: sector.dirigente,
    asOf: report.asOf,
    pct: sector.pct,
    method: sector.method,
    counts: sector.status,
    objectives,
    pending: sector.pending.map((p) => ({ person: p.person, items: p.items, lastReminder: lastReminders.get(p.person) ?? null })),
    ...undeliveredOf(failedReminders, new Set(objectives.map((o) => o.code))),
  };
}

/** The failed reminders about these objectives, one entry per person and day, in date order. */
function undeliveredOf(failed: FailedReminder[], objectives: Set<string>): Pick<SectorDigest, 'undelivered'> {
  const entries = new Map<string, { person: string; date: IsoDate; items: number }>();
  for (const r of failed) {
    if (!r.objective || !objectives.has(r.objective)) continue;
    const key = `${r.dueDate}/${r.recipient}`;
    const entry = entries.get(key) ?? { person: r.recipient, date: r.dueDate, items: 0 };
    entry.items += 1;
    entries.set(key, entry);
  }
  const undelivered = [...entries.values()].sort((a, b) => a.date.localeCompare(b.date) || a.person.localeCompare(b.person));
  return undelivered.length > 0 ? { undelivered } : {};
}
