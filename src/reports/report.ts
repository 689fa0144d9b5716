/**
 * Builds `perfbot/report@1` (report-format.md): the state of a plan at a date, computed from a
 * PlanSnapshot with the domain formulas (P1–P10). The digest, the exports and the CLI all read
 * their numbers from here, so they cannot disagree.
 */
import type { IsoDate, ObjectivePlan, PhasePlan } from '../domain/plan.js';
import type { AssessmentRecord, IndicatorState, ObjectiveState, PlanSnapshot, ProgressRecord, MeasurementRecord } from '../domain/plan-state.js';
import { round2 } from '../domain/percent.js';
import { plannedPct, phaseDeadline, daysLate } from '../domain/phase-schedule.js';
import { effectiveActualPcts, phasesPct, timelinessPct, type PhaseActual } from '../domain/phase-progress.js';
import { indicatorAchievement } from '../domain/indicator-achievement.js';
import { deviation } from '../domain/indicator-deviation.js';
import { objectiveScore } from '../domain/objective-score.js';
import { sectorScore, enteScore } from '../domain/sector-score.js';
import { statusBasis, type StatusBasis } from './status-basis.js';
import { dirigenteOf } from '../domain/responsibility.js';
import { currentCheckpoint, latestOnOrBefore, pendingItems } from '../domain/pending-items.js';
import { parseTarget } from '../domain/targets.js';
import { sectorsOf } from '../domain/sector-scope.js';

export { sectorsOf };
import type { Report, ReportIndicator, ReportObjective, ReportPhase, ReportSector } from './report-schema.js';

function pctOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : round2(Math.max(0, Math.min(100, value)));
}

interface ObjectiveContext {
  snapshot: PlanSnapshot;
  asOf: IsoDate;
  progressByPhase: Map<string, ProgressRecord[]>;
  measurementsByIndicator: Map<string, MeasurementRecord[]>;
  assessmentsByObjective: Map<string, AssessmentRecord[]>;
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

function reportPhases(objective: ObjectiveState, ctx: ObjectiveContext): { phases: ReportPhase[]; actuals: PhaseActual[] } {
  const year = ctx.snapshot.plan.year;
  const rows = objective.phases.map((phase) => {
    const last = latestOnOrBefore(ctx.progressByPhase.get(`${objective.code}/${phase.code}`) ?? [], ctx.asOf);
    return { phase, last, planned: plannedPct(phase, ctx.asOf, year) };
  });
  const actuals: PhaseActual[] = rows.map(({ phase, last, planned }) => ({ code: phase.code, actualPct: last?.pct ?? null, plannedPct: planned }));
  // The actual P3–P5 use: a report, else the sub-phases' roll-up, else the prior-years share.
  const effective = effectiveActualPcts(objective.phases, actuals);
  const phases = rows.map(({ phase, last, planned }): ReportPhase => {
    const actual = effective.get(phase.code) ?? last?.pct ?? null;
    const deadline = phaseDeadline(phase, year);
    // Late means short of what was planned for the deadline (a phase with a later-years share is not due at 100%).
    const late = phase.status === 'cancelled' || deadline === null ? null : daysLate(deadline, ctx.asOf, actual, plannedPct(phase, deadline, year));
    return {
      code: phase.code,
      title: phase.title,
      parent: phase.parent ?? null,
      weight: phase.weight ?? null,
      status: phase.status,
      owner: phase.owner ?? null,
      deadline,
      plannedPct: pctOrNull(planned),
      actualPct: pctOrNull(last?.pct ?? null),
      gapPct: planned === null || phase.status === 'cancelled' ? null : round2(planned - (actual ?? 0)),
      overdue: late !== null && late > 0,
      daysLate: late !== null && late > 0 ? late : null,
      lastReportAt: last?.asOf ?? null,
    };
  });
  return { phases, actuals };
}

function targetOf(indicator: IndicatorState, checkpoint: IsoDate | null, planYear: number): { raw: string; field: ReturnType<typeof parseTarget> } | null {
  const perCheckpoint = checkpoint ? indicator.targets?.[checkpoint] : undefined;
  if (perCheckpoint !== undefined) {
    return { raw: perCheckpoint, field: parseTarget(perCheckpoint, { planYear, unitHint: indicator.unit, kind: indicator.kind, direction: indicator.direction, indicatorName: indicator.name }) };
  }
  if (indicator.targetField) return { raw: indicator.targetField.raw, field: indicator.targetField };
  if (indicator.target === undefined) return null;
  return { raw: indicator.target, field: parseTarget(indicator.target, { planYear, unitHint: indicator.unit, kind: indicator.kind, direction: indicator.direction, indicatorName: indicator.name }) };
}

/** An indicator's report entry, and its unrounded achievement for the objective score. */
function reportIndicator(objective: ObjectiveState, indicator: IndicatorState, ctx: ObjectiveContext, checkpoint: IsoDate | null): { entry: ReportIndicator; achievement: number | null } {
  const year = ctx.snapshot.plan.year;
  const last = latestOnOrBefore(ctx.measurementsByIndicator.get(`${objective.code}/${indicator.code}`) ?? [], ctx.asOf);
  const target = targetOf(indicator, checkpoint, year);
  const baseline = indicator.baseline === undefined ? undefined : parseFloat(indicator.baseline.replace(/\./g, '').replace(',', '.'));
  const scored = !indicator.context && target !== null && last?.status === 'measured' && last.value !== null;
  const result = scored ? indicatorAchievement(target.field.spec, last.value!, { baseline: Number.isFinite(baseline) ? baseline : undefined }) : null;
  const dev = scored ? deviation(target.field.spec, last.value!, target.field.direction, Number.isFinite(baseline) ? { baseline } : {}) : null;
  const entry: ReportIndicator = {
    code: indicator.code,
    name: indicator.name,
    weight: indicator.weight ?? null,
    context: indicator.context,
    reporter: indicator.reporter ?? null,
    target: target ? { raw: target.raw, spec: target.field.spec as unknown as Record<string, unknown> & { kind: string } } : null,
    value: last ? { raw: last.raw, parsed: last.value, at: last.asOf, by: last.by ?? null } : null,
    status: last?.status ?? 'not_reported',
    achievement: result?.achievement === null || result?.achievement === undefined ? null : Math.round(result.achievement * 10_000) / 10_000,
    met: result?.met ?? null,
    deviation: dev?.absolute === undefined || dev?.absolute === null ? null : round2(dev.absolute),
  };
  return { entry, achievement: result?.achievement ?? null };
}

function reportObjective(objective: ObjectiveState, ctx: ObjectiveContext): ReportObjective {
  const { snapshot, asOf } = ctx;
  const settings = snapshot.plan.scoring;
  const checkpoint = currentCheckpoint(snapshot.plan.checkpoints, asOf);
  const { phases, actuals } = reportPhases(objective, ctx);
  const scoredIndicators = objective.indicators.map((indicator) => reportIndicator(objective, indicator, ctx, checkpoint));
  const indicators = scoredIndicators.map((i) => i.entry);
  const planPhases: PhasePlan[] = objective.phases;
  const phasesProgress = phasesPct(planPhases, actuals);
  const timeliness = timelinessPct(planPhases, actuals, settings.timeliness);
  const computed = objectiveScore({
    mode: settings.objective,
    phaseBlend: settings.phaseBlend,
    indicators: scoredIndicators.map(({ entry, achievement }) => ({ weight: entry.weight ?? undefined, context: entry.context, achievement })),
    phasesPct: phasesProgress,
  });
  const assessment = latestOnOrBefore(ctx.assessmentsByObjective.get(objective.code) ?? [], asOf);
  const declared = assessment?.pct ?? null;
  const pct = declared ?? computed;
  return {
    code: objective.code,
    title: objective.title,
    sectors: objective.orgUnits,
    transversal: objective.transversal,
    weight: objective.weight ?? null,
    priority: objective.priority ?? null,
    responsible: objective.responsible ?? null,
    objectiveStatus: objective.status,
    pct: pctOrNull(pct),
    declaredPct: pctOrNull(declared),
    computedPct: pctOrNull(computed),
    status: null,
    phases,
    phasesPct: pctOrNull(phasesProgress),
    timelinessPct: pctOrNull(timeliness),
    indicators,
  };
}

/**
 * The rule that sets an objective's status class at `asOf` (status-basis.ts), from its report
 * entry: `buildReport` takes the class from it and `statusBases` explains it, so both agree.
 */
function objectiveBasis(entry: ReportObjective, snapshot: PlanSnapshot, asOf: IsoDate, assessment: AssessmentRecord | undefined): StatusBasis | null {
  const finalCheckpoint = [...snapshot.plan.checkpoints].sort().at(-1);
  return statusBasis({
    assessment,
    objectiveStatus: entry.objectiveStatus,
    reported: entry.phases.some((p) => p.lastReportAt !== null) || entry.indicators.some((i) => i.value !== null),
    isFinal: finalCheckpoint !== undefined && asOf >= finalCheckpoint,
    pct: entry.pct,
    phases: entry.phases,
    thresholds: snapshot.plan.scoring.thresholds,
  });
}

/** Why each objective of a report has its status class, by objective code (null: no class yet). */
export function statusBases(snapshot: PlanSnapshot, report: Report): Map<string, StatusBasis | null> {
  const assessments = group(snapshot.assessments, (a) => a.objective);
  return new Map(report.objectives.map((o) => [o.code, objectiveBasis(o, snapshot, report.asOf, latestOnOrBefore(assessments.get(o.code) ?? [], report.asOf))]));
}

/** The sectors a report lists (top-level units that objectives count in), without computing the report. */
export function reportSectorCodes(snapshot: PlanSnapshot): string[] {
  const parentOf = new Map(snapshot.orgUnits.map((u) => [u.code, u.parent]));
  // a snapshot narrowed to some sectors (a scoped coordinator's) lists only its own top-level units
  const topLevel = new Set(snapshot.orgUnits.filter((u) => u.parent === undefined).map((u) => u.code));
  return [...new Set(snapshot.objectives.filter((o) => o.status !== 'cancelled').flatMap((o) => sectorsOf(o, parentOf)))].filter((code) => topLevel.has(code)).sort();
}

/** Objective codes in Italian numeric order ("AG-2" before "AG-10"): localeCompare with these options is this collator, built on every call (most of sorting 10,000 objectives). */
const byCode = new Intl.Collator('it', { numeric: true }).compare;

/** Builds the report of a plan at `asOf`. */
export function buildReport(snapshot: PlanSnapshot, asOf: IsoDate): Report {
  const ctx: ObjectiveContext = {
    snapshot,
    asOf,
    progressByPhase: group(snapshot.phaseProgress, (p) => `${p.objective}/${p.phase}`),
    measurementsByIndicator: group(snapshot.measurements, (m) => `${m.objective}/${m.indicator}`),
    assessmentsByObjective: group(snapshot.assessments, (a) => a.objective),
  };
  const parentOf = new Map(snapshot.orgUnits.map((u) => [u.code, u.parent]));
  const objectives = snapshot.objectives
    .filter((o) => o.status !== 'cancelled')
    .map((o) => {
      const entry = { ...reportObjective(o, ctx), sectors: sectorsOf(o, parentOf) };
      const assessment = latestOnOrBefore(ctx.assessmentsByObjective.get(o.code) ?? [], asOf);
      return { ...entry, status: objectiveBasis(entry, snapshot, asOf, assessment)?.status ?? null };
    });
  const settings = snapshot.plan.scoring;
  const pending = pendingItems(snapshot, asOf);
  const pendingByObjective = group(pending, (item) => item.objective);
  const sectorCodes = snapshot.orgUnits.filter((u) => u.parent === undefined).map((u) => u.code).sort();
  const sectors: ReportSector[] = sectorCodes
    .map((code) => {
      const unit = snapshot.orgUnits.find((u) => u.code === code)!;
      const own = objectives.filter((o) => o.sectors.includes(code));
      const score = sectorScore(
        settings.sector,
        own.map((o) => ({ weight: o.weight ?? undefined, pct: o.pct, status: o.status, transversal: o.transversal })),
        settings.notReportedPct,
      );
      const counts: Record<string, number> = {};
      for (const o of own) if (o.status) counts[o.status] = (counts[o.status] ?? 0) + 1;
      const byPerson = new Map<string, number>();
      for (const o of own) for (const item of pendingByObjective.get(o.code) ?? []) byPerson.set(item.asked.person, (byPerson.get(item.asked.person) ?? 0) + 1);
      return {
        code,
        name: unit.name,
        dirigente: dirigenteOf(snapshot, code, asOf),
        pct: pctOrNull(score.pct),
        method: settings.sector,
        objectives: own.length,
        assessed: score.assessed,
        status: counts,
        pending: [...byPerson].sort(([a], [b]) => a.localeCompare(b)).map(([person, items]) => ({ person, items })),
      };
    })
    .filter((s) => s.objectives > 0);
  const order = new Map(sectorCodes.map((code, i) => [code, i]));
  objectives.sort(
    (a, b) =>
      (order.get(a.sectors[0]!) ?? 0) - (order.get(b.sectors[0]!) ?? 0) || (b.weight ?? -1) - (a.weight ?? -1) || byCode(a.code, b.code),
  );
  return {
    format: 'perfbot/report@1',
    ente: snapshot.ente.code,
    plan: snapshot.plan.code,
    asOf,
    pct: pctOrNull(enteScore(sectors.map((s) => s.pct))),
    sectors,
    objectives,
  };
}
