/**
 * A plan file as the domain's PlanSnapshot with nothing reported, so the planners can be measured
 * (and pinned by tests) without a database.
 */
import type { PlanFile } from '../src/plan-file/schema.js';
import type { PlanSnapshot } from '../src/domain/plan-state.js';
import { DEFAULT_SCORING } from '../src/domain/plan.js';

export function snapshotOfPlanFile(plan: PlanFile): PlanSnapshot {
  return {
    ente: { code: plan.ente.code, name: plan.ente.name, timezone: plan.ente.timezone, locale: plan.ente.locale, ...(plan.ente.patronDay ? { patronDay: plan.ente.patronDay } : {}) },
    plan: { code: plan.plan.code, title: plan.plan.title, year: plan.plan.year, checkpoints: plan.plan.checkpoints, scoring: DEFAULT_SCORING, scoringDeclared: {} },
    orgUnits: plan.orgUnits,
    people: plan.people,
    roles: plan.roles,
    objectives: plan.objectives,
    measurements: [],
    phaseProgress: [],
    assessments: [],
  };
}
