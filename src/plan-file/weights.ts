/**
 * Weight and schedule checks that are warnings, not errors: the sources contain plans whose weights
 * do not sum to 100 (plan-format.md), and an administrator must see them without being blocked.
 */
import type { PlanFile, WarningCode } from './schema.js';
import type { PlanIssue } from './plan-validation-error.js';

const EPSILON = 0.01;

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function warnSum(code: WarningCode, file: string, path: string, values: number[], expected: number, what: string, out: PlanIssue[]): void {
  const total = sum(values);
  if (Math.abs(total - expected) > EPSILON) out.push({ file, path, value: total, message: `${what} sum to ${total}, not ${expected}`, code });
}

/** Returns warnings about weights and monthly plans that do not add up. */
export function checkWeights(file: string, plan: PlanFile): PlanIssue[] {
  const warnings: PlanIssue[] = [];
  const bySector = new Map<string, number[]>();
  for (const objective of plan.objectives) {
    if (objective.weight === undefined) continue;
    for (const unit of objective.orgUnits) bySector.set(unit, [...(bySector.get(unit) ?? []), objective.weight]);
  }
  for (const [unit, weights] of bySector) warnSum('sector-weights', file, `orgUnits[${unit}]`, weights, 100, 'objective weights of the sector', warnings);

  for (const objective of plan.objectives) {
    const base = `objectives[${objective.code}]`;
    const active = objective.phases.filter((p) => p.status !== 'cancelled');
    const top = active.filter((p) => !p.parent && p.weight !== undefined);
    if (top.length > 0) warnSum('phase-weights', file, `${base}.phases`, top.map((p) => p.weight ?? 0), 100, 'phase weights', warnings);
    for (const parent of active) {
      const subs = active.filter((p) => p.parent === parent.code && p.weight !== undefined);
      if (subs.length > 0 && parent.weight !== undefined) {
        warnSum('sub-phase-weights', file, `${base}.phases[${parent.code}]`, subs.map((p) => p.weight ?? 0), parent.weight, 'sub-phase weights', warnings);
      }
    }
    const weighted = objective.indicators.filter((i) => i.weight !== undefined && !i.context);
    if (weighted.length > 0) warnSum('indicator-weights', file, `${base}.indicators`, weighted.map((i) => i.weight ?? 0), 100, 'indicator weights', warnings);
    for (const phase of active) {
      if (!phase.monthly) continue;
      const total = (phase.priorPct ?? 0) + sum(Object.values(phase.monthly)) + (phase.laterPct ?? 0);
      if (total > 100 + EPSILON) warnings.push({ file, path: `${base}.phases[${phase.code}].monthly`, value: total, message: `prior + monthly + later plan exceeds 100% (${total})`, code: 'monthly-plan' });
    }
  }
  return warnings;
}
