/**
 * zod schema of `perfbot/report@1` (report-format.md): the machine-readable state of a plan at a
 * date. The report builder's output type is inferred from it, and tests validate real output with it.
 */
import { z } from 'zod';

const pct = z.number().min(0).max(100).nullable();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const assessmentStatus = z.enum(['on_track', 'actions_started', 'immediate_actions', 'not_assessable', 'postponed', 'not_reported']);

export const reportPhaseSchema = z.strictObject({
  code: z.string(),
  title: z.string(),
  parent: z.string().nullable(),
  weight: z.number().nullable(),
  status: z.enum(['active', 'cancelled']),
  owner: z.string().nullable(),
  deadline: isoDate.nullable(),
  plannedPct: pct,
  actualPct: pct,
  gapPct: z.number().min(-100).max(100).nullable(),
  overdue: z.boolean(),
  daysLate: z.number().int().nullable(),
  lastReportAt: isoDate.nullable(),
});

export const reportIndicatorSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  weight: z.number().nullable(),
  context: z.boolean(),
  reporter: z.string().nullable(),
  target: z.strictObject({ raw: z.string(), spec: z.record(z.string(), z.unknown()).and(z.object({ kind: z.string() })) }).nullable(),
  value: z
    .strictObject({ raw: z.string(), parsed: z.unknown().nullable(), at: isoDate, by: z.string().nullable() })
    .nullable(),
  status: z.enum(['measured', 'not_measurable', 'year_end_only', 'not_applicable', 'not_reported', 'suspended', 'in_progress', 'postponed']),
  achievement: z.number().min(0).max(1).nullable(),
  met: z.boolean().nullable(),
  deviation: z.number().nullable(),
});

export const reportObjectiveSchema = z.strictObject({
  code: z.string(),
  title: z.string(),
  sectors: z.array(z.string()).min(1),
  transversal: z.boolean(),
  weight: z.number().nullable(),
  priority: z.enum(['alta', 'media', 'bassa']).nullable(),
  responsible: z.string().nullable(),
  objectiveStatus: z.enum(['active', 'postponed', 'not_assessable', 'cancelled']),
  pct,
  declaredPct: pct,
  computedPct: pct,
  status: assessmentStatus.nullable(),
  phases: z.array(reportPhaseSchema),
  phasesPct: pct,
  timelinessPct: pct,
  indicators: z.array(reportIndicatorSchema),
});

export const reportSectorSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  dirigente: z.string().nullable(),
  pct,
  method: z.enum(['weighted', 'mean']),
  objectives: z.number().int().min(0),
  assessed: z.number().int().min(0),
  status: z.partialRecord(assessmentStatus, z.number().int().min(0)),
  pending: z.array(z.strictObject({ person: z.string(), items: z.number().int().min(1) })),
});

export const reportSchema = z.strictObject({
  format: z.literal('perfbot/report@1'),
  ente: z.string(),
  plan: z.string(),
  asOf: isoDate,
  pct,
  sectors: z.array(reportSectorSchema),
  objectives: z.array(reportObjectiveSchema),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportSector = z.infer<typeof reportSectorSchema>;
export type ReportObjective = z.infer<typeof reportObjectiveSchema>;
export type ReportPhase = z.infer<typeof reportPhaseSchema>;
export type ReportIndicator = z.infer<typeof reportIndicatorSchema>;
