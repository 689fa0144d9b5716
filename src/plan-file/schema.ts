/**
 * zod schema of the plan file format `perfbot/plan@1` (plan-format.md). Every object is strict:
 * an unknown key is an error, because a typo must not be silently dropped.
 */
import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar-date.js';

const isoDateRe = /^\d{4}-\d{2}-\d{2}$/;
const isoMonthRe = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A real calendar date written `YYYY-MM-DD` (rejects 2022-02-30, 0000-01-01). */
export const isoDate = z
  .string()
  .regex(isoDateRe, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a valid calendar date');

const isoMonth = z.string().regex(isoMonthRe, 'expected a month YYYY-MM');
const pct = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');
const weight = z.number().min(0, 'weight cannot be negative').max(100, 'weight cannot exceed 100');
/**
 * Codes name things in paths, chat commands, file names and keys (`RU-1/3.a`): letters, digits,
 * ".", "_" and "-" only, so a "/" or a newline cannot split or forge one (issue 10 item 8).
 */
const code = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[A-Za-z0-9._-]+$/, 'a code may use only A-Z a-z 0-9 . _ -');
const text = z.string();

/** A YAML file may hold dates as dates; the format's dates are strings, so accept both. */
const dateLike = z.preprocess((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value), isoDate);

const scoring = z.strictObject({
  sector: z.enum(['weighted', 'mean']).optional(),
  notReportedPct: pct.optional(),
  objective: z.enum(['indicators', 'phases', 'blend']).optional(),
  phaseBlend: z.number().min(0).max(1).optional(),
});

const ente = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]+$/, 'ente code must use a-z, 0-9 and -'),
  name: text.min(1),
  timezone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone')
    .default('Europe/Rome'),
  locale: z.enum(['it', 'en']).default('it'),
  patronDay: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD')
    .optional(),
});

const plan = z.strictObject({
  code,
  title: text.min(1),
  year: z.number().int().min(2000).max(2100),
  checkpoints: z.array(dateLike).default([]),
  scoring: scoring.optional(),
});

const orgUnit = z.strictObject({ code, name: text.min(1), parent: code.optional() });

const absence = z.strictObject({ from: dateLike, to: dateLike, deputy: code.optional() });

const person = z.strictObject({
  code,
  name: text.min(1),
  email: z.email('not a valid e-mail address').optional(),
  category: z.enum(['B', 'C', 'D', 'DPO', 'DIRIGENTE']).optional(),
  slack: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids look like U012AB3CD').optional(),
  telegram: z.string().regex(/^-?\d+$/, 'Telegram chat ids are numbers').optional(),
  locale: z.enum(['it', 'en']).optional(),
  absences: z.array(absence).default([]),
});

export const ROLE_NAMES = ['admin', 'coordinator', 'dirigente', 'responsabile', 'referente_politico', 'reporter', 'oiv'] as const;

const role = z.strictObject({
  person: code,
  role: z.enum(ROLE_NAMES),
  orgUnit: code.optional(),
  objective: code.optional(),
  from: dateLike.optional(),
  to: dateLike.optional(),
});

const phase = z.strictObject({
  code,
  title: text.min(1),
  parent: code.optional(),
  weight: weight.optional(),
  status: z.enum(['active', 'cancelled']).default('active'),
  indicators: z.array(code).optional(),
  owner: code.optional(),
  start: dateLike.optional(),
  end: dateLike.optional(),
  priorPct: pct.optional(),
  monthly: z.record(isoMonth, pct).optional(),
  marks: z.array(isoMonth).optional(),
  laterPct: pct.optional(),
  continuesLater: z.boolean().optional(),
  printedTargets: z.record(isoDate, pct).optional(),
});

const indicator = z.strictObject({
  code,
  name: text.min(1),
  kind: z.enum(['quantita', 'tempo', 'costo', 'qualita', 'efficacia', 'efficienza']).optional(),
  unit: z.enum(['percent', 'count', 'eur', 'days', 'date', 'bool', 'text']).optional(),
  weight: weight.optional(),
  direction: z.enum(['higher', 'lower', 'exact']).optional(),
  target: text.optional(),
  targets: z.record(isoDate, text).optional(),
  baseline: text.optional(),
  context: z.boolean().default(false),
  reporter: code.optional(),
});

const objective = z.strictObject({
  code,
  title: text.min(1),
  description: text.optional(),
  orgUnits: z.array(code).min(1, 'an objective counts in at least one sector'),
  transversal: z.boolean().default(false),
  responsible: code.optional(),
  politicalReferent: code.optional(),
  assigneeText: text.optional(),
  horizon: text.optional(),
  purpose: text.optional(),
  budgetLink: text.optional(),
  weight: weight.optional(),
  priority: z.enum(['alta', 'media', 'bassa']).optional(),
  status: z.enum(['active', 'postponed', 'not_assessable', 'cancelled']).default('active'),
  strategicLink: text.optional(),
  phases: z.array(phase).default([]),
  indicators: z.array(indicator).default([]),
});

const measurement = z.strictObject({
  indicator: z.string().regex(/^[^/]+\/[^/]+$/, 'expected OBJECTIVE/INDICATOR'),
  at: dateLike,
  value: z.union([z.string(), z.number().transform(String)]),
  by: code.optional(),
  note: text.optional(),
});

const phaseProgress = z.strictObject({
  phase: z.string().regex(/^[^/]+\/[^/]+$/, 'expected OBJECTIVE/PHASE'),
  at: dateLike,
  pct,
  by: code.optional(),
  note: text.optional(),
});

export const ASSESSMENT_STATUSES = ['on_track', 'actions_started', 'immediate_actions', 'not_assessable', 'postponed', 'not_reported'] as const;

const assessment = z.strictObject({
  objective: code,
  at: dateLike,
  pct: pct.optional(),
  status: z.enum(ASSESSMENT_STATUSES),
  note: text.optional(),
  /** who assessed (the responsible) */
  by: code.optional(),
  /** the OIV / Nucleo's note on the assessment */
  oivNote: text.optional(),
});

/** The kinds of warning an import gives (weights.ts): what an acknowledgement names. */
export const WARNING_CODES = ['sector-weights', 'phase-weights', 'sub-phase-weights', 'indicator-weights', 'monthly-plan'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * A known inconsistency of the source the plan keeps as printed (plan-format.md): the import counts
 * it instead of printing it every time. `subject` is the warning's path; with `value`, only that
 * value is acknowledged (a different sum warns again).
 */
const acknowledgedWarning = z.strictObject({
  code: z.enum(WARNING_CODES),
  subject: z.string().min(1),
  value: z.number().optional(),
  reason: z.string().trim().min(1, 'say why the warning is acknowledged'),
});

export const planFileSchema = z.strictObject({
  format: z.literal('perfbot/plan@1', { error: 'expected format: perfbot/plan@1' }),
  ente,
  plan,
  orgUnits: z.array(orgUnit).default([]),
  people: z.array(person).default([]),
  roles: z.array(role).default([]),
  objectives: z.array(objective).default([]),
  measurements: z.array(measurement).default([]),
  phaseProgress: z.array(phaseProgress).default([]),
  assessments: z.array(assessment).default([]),
  acknowledgedWarnings: z.array(acknowledgedWarning).default([]),
});

/** A plan file after schema validation (defaults applied). */
export type PlanFile = z.infer<typeof planFileSchema>;
