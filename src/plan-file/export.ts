/**
 * Turns a plan snapshot back into a `perfbot/plan@1` file (JSON or YAML). Importing the export
 * gives the same data, so an export is also a backup and a way to move a plan between databases.
 */
import { stringify } from 'yaml';
import type { PlanSnapshot } from '../domain/plan-state.js';

/** Drops undefined values and empty optional lists so the file reads like a hand-written one. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The plan file object for a snapshot (keys in the order of plan-format.md). */
export function toPlanFile(snapshot: PlanSnapshot): Record<string, unknown> {
  const { ente, plan } = snapshot;
  const scoring = compact({ ...plan.scoringDeclared });
  return compact({
    format: 'perfbot/plan@1',
    ente: compact({ code: ente.code, name: ente.name, timezone: ente.timezone, locale: ente.locale, patronDay: ente.patronDay }),
    plan: compact({
      code: plan.code,
      title: plan.title,
      year: plan.year,
      checkpoints: plan.checkpoints,
      scoring: Object.keys(scoring).length > 0 ? scoring : undefined,
    }),
    orgUnits: snapshot.orgUnits.map((u) => compact({ ...u })),
    people: snapshot.people.map((p) =>
      compact({ code: p.code, name: p.name, email: p.email, category: p.category, slack: p.slack, telegram: p.telegram, locale: p.locale, absences: p.absences.length > 0 ? p.absences.map((a) => compact({ ...a })) : undefined }),
    ),
    roles: snapshot.roles.map((r) => compact({ person: r.person, role: r.role, orgUnit: r.orgUnit, objective: r.objective, from: r.from, to: r.to })),
    objectives: snapshot.objectives.map((o) =>
      compact({
        code: o.code,
        title: o.title,
        description: o.description,
        orgUnits: o.orgUnits,
        transversal: o.transversal,
        responsible: o.responsible,
        politicalReferent: o.politicalReferent,
        assigneeText: o.assigneeText,
        horizon: o.horizon,
        purpose: o.purpose,
        budgetLink: o.budgetLink,
        weight: o.weight,
        priority: o.priority,
        status: o.status,
        strategicLink: o.strategicLink,
        phases: o.phases.map((p) => compact({ ...p })),
        indicators: o.indicators.map(({ targetField: _parsed, ...i }) => compact({ ...i })),
      }),
    ),
    measurements: snapshot.measurements.length
      ? snapshot.measurements.map((m) => compact({ indicator: `${m.objective}/${m.indicator}`, at: m.asOf, value: m.raw, by: m.by, note: m.note }))
      : undefined,
    phaseProgress: snapshot.phaseProgress.length
      ? snapshot.phaseProgress.map((p) => compact({ phase: `${p.objective}/${p.phase}`, at: p.asOf, pct: p.pct, by: p.by, note: p.note }))
      : undefined,
    assessments: snapshot.assessments.length
      ? snapshot.assessments.map((a) => compact({ objective: a.objective, at: a.asOf, pct: a.pct, status: a.status, note: a.note, by: a.by, oivNote: a.oivNote }))
      : undefined,
    acknowledgedWarnings: plan.acknowledgedWarnings?.length
      ? plan.acknowledgedWarnings.map((a) => compact({ code: a.code, subject: a.subject, value: a.value, reason: a.reason }))
      : undefined,
  });
}

/** Serialises a plan file object; YAML keeps dates as quoted strings so they read back as strings. */
export function serializePlanFile(file: Record<string, unknown>, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
}
