/**
 * The layout of the plan workbook: which sheets it has, which columns each sheet has, and how a
 * column's cells map to `perfbot/plan@1` keys. Names, headers, notes and examples are not here but in
 * prompts/<locale>.yaml (`workbook.*`), so the writer, the reader and the instructions share one list.
 */
import { ASSESSMENT_STATUSES, ROLE_NAMES, WARNING_CODES } from '../plan-file/schema.js';

/**
 * How a column's cells are read and written:
 * - code: a code, kept as text (phase "1" stays "1");
 * - text: free text as typed;
 * - raw: a raw value the product parses later (targets, values): a number typed in the cell is kept
 *   the Italian way ("42,5"), so it parses as it reads;
 * - number, date, bool: numeric, date and sì/no cells;
 * - choice: one of a list, written by its label (`workbook.choices.<set>.<value>`);
 * - codes: several codes separated by commas;
 * - month: a month column of the phase grid (a % or "X");
 * - months, datedPcts: short "key: value" lines (other months; printed cumulative % by date);
 * - patronDay: a day of the year, written dd/mm.
 */
export type ColumnType = 'code' | 'text' | 'raw' | 'number' | 'date' | 'bool' | 'choice' | 'codes' | 'month' | 'months' | 'datedPcts' | 'patronDay';

export const CHOICE_SETS = {
  locale: ['it', 'en'],
  sector: ['weighted', 'mean'],
  scoringObjective: ['indicators', 'phases', 'blend'],
  category: ['B', 'C', 'D', 'DPO', 'DIRIGENTE'],
  role: ROLE_NAMES,
  priority: ['alta', 'media', 'bassa'],
  objectiveStatus: ['active', 'postponed', 'not_assessable', 'cancelled'],
  phaseStatus: ['active', 'cancelled'],
  kind: ['quantita', 'tempo', 'costo', 'qualita', 'efficacia', 'efficienza'],
  unit: ['percent', 'count', 'eur', 'days', 'date', 'bool', 'text'],
  direction: ['higher', 'lower', 'exact'],
  assessmentStatus: ASSESSMENT_STATUSES,
  warningCode: WARNING_CODES,
  bool: ['true', 'false'],
} as const satisfies Record<string, readonly string[]>;

export type ChoiceSet = keyof typeof CHOICE_SETS;

/** Sheets whose code column other sheets pick from (data validation lists). */
export type CodeList = 'orgUnits' | 'people' | 'objectives';

export interface ColumnSpec {
  /** The plan-file key (or the workbook's own key for objective/indicator links and months). */
  key: string;
  type: ColumnType;
  choices?: ChoiceSet;
  /** Offer the codes of this sheet as a drop-down list. */
  list?: CodeList;
  /** The plan file requires it: a missing column is an error. */
  required?: boolean;
  width: number;
}

export type SheetKey =
  | 'plan'
  | 'checkpoints'
  | 'orgUnits'
  | 'people'
  | 'absences'
  | 'roles'
  | 'objectives'
  | 'phases'
  | 'indicators'
  | 'targets'
  | 'measurements'
  | 'progress'
  | 'assessments'
  | 'acknowledgedWarnings';

export interface SheetSpec {
  key: SheetKey;
  columns: ColumnSpec[];
}

const col = (key: string, type: ColumnType, width: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ key, type, width, ...extra });
const req = { required: true };

export const MONTH_KEYS = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11', 'm12'] as const;

/**
 * "Ente e piano" is a list of fields (one per row: label, value), not a table; its "columns" are
 * its rows. Keys are `ente.*`, `plan.*` and `scoring.*`.
 */
export const PLAN_FIELDS: ColumnSpec[] = [
  col('ente.code', 'code', 0, req),
  col('ente.name', 'text', 0, req),
  col('ente.timezone', 'text', 0),
  col('ente.locale', 'choice', 0, { choices: 'locale' }),
  col('ente.patronDay', 'patronDay', 0),
  col('plan.code', 'code', 0, req),
  col('plan.title', 'text', 0, req),
  col('plan.year', 'number', 0, req),
  col('scoring.sector', 'choice', 0, { choices: 'sector' }),
  col('scoring.notReportedPct', 'number', 0),
  col('scoring.objective', 'choice', 0, { choices: 'scoringObjective' }),
  col('scoring.phaseBlend', 'number', 0),
];

const objectiveRef = col('objective', 'code', 12, { ...req, list: 'objectives' });
const personRef = (key: string) => col(key, 'code', 14, { list: 'people' });

/** The table sheets, in workbook order (after "Istruzioni" and "Ente e piano"). */
export const TABLE_SHEETS: SheetSpec[] = [
  { key: 'checkpoints', columns: [col('at', 'date', 16, req)] },
  { key: 'orgUnits', columns: [col('code', 'code', 12, req), col('name', 'text', 40, req), col('parent', 'code', 14, { list: 'orgUnits' })] },
  {
    key: 'people',
    columns: [
      col('code', 'code', 14, req),
      col('name', 'text', 28, req),
      col('email', 'text', 28),
      col('category', 'choice', 12, { choices: 'category' }),
      col('slack', 'code', 14),
      col('telegram', 'code', 14),
      col('locale', 'choice', 10, { choices: 'locale' }),
    ],
  },
  { key: 'absences', columns: [col('person', 'code', 14, { ...req, list: 'people' }), col('from', 'date', 12, req), col('to', 'date', 12, req), personRef('deputy')] },
  {
    key: 'roles',
    columns: [
      col('person', 'code', 14, { ...req, list: 'people' }),
      col('role', 'choice', 20, { ...req, choices: 'role' }),
      col('orgUnit', 'code', 12, { list: 'orgUnits' }),
      col('objective', 'code', 12, { list: 'objectives' }),
      col('from', 'date', 12),
      col('to', 'date', 12),
    ],
  },
  {
    key: 'objectives',
    columns: [
      col('code', 'code', 10, req),
      col('title', 'text', 40, req),
      col('description', 'text', 40),
      col('orgUnits', 'codes', 14, req),
      col('transversal', 'bool', 11, { choices: 'bool' }),
      personRef('responsible'),
      personRef('politicalReferent'),
      col('assigneeText', 'text', 20),
      col('horizon', 'text', 16),
      col('purpose', 'text', 30),
      col('budgetLink', 'text', 20),
      col('weight', 'number', 8),
      col('priority', 'choice', 10, { choices: 'priority' }),
      col('status', 'choice', 14, { choices: 'objectiveStatus' }),
      col('strategicLink', 'text', 30),
    ],
  },
  {
    key: 'phases',
    columns: [
      objectiveRef,
      col('code', 'code', 8, req),
      col('title', 'text', 40, req),
      col('parent', 'code', 10),
      col('weight', 'number', 8),
      col('status', 'choice', 11, { choices: 'phaseStatus' }),
      col('indicators', 'codes', 11),
      personRef('owner'),
      col('start', 'date', 12),
      col('end', 'date', 12),
      col('priorPct', 'number', 10),
      ...MONTH_KEYS.map((key) => col(key, 'month', 6)),
      col('otherMonths', 'months', 16),
      col('laterPct', 'number', 10),
      col('continuesLater', 'bool', 11, { choices: 'bool' }),
      col('printedTargets', 'datedPcts', 22),
    ],
  },
  {
    key: 'indicators',
    columns: [
      objectiveRef,
      col('code', 'code', 8, req),
      col('name', 'text', 40, req),
      col('kind', 'choice', 12, { choices: 'kind' }),
      col('unit', 'choice', 12, { choices: 'unit' }),
      col('weight', 'number', 8),
      col('direction', 'choice', 16, { choices: 'direction' }),
      col('target', 'raw', 18),
      col('baseline', 'raw', 14),
      col('context', 'bool', 10, { choices: 'bool' }),
      personRef('reporter'),
    ],
  },
  { key: 'targets', columns: [objectiveRef, col('indicator', 'code', 10, req), col('at', 'date', 12, req), col('target', 'raw', 18, req)] },
  {
    key: 'measurements',
    columns: [objectiveRef, col('indicator', 'code', 10, req), col('at', 'date', 12, req), col('value', 'raw', 18, req), personRef('by'), col('note', 'text', 30)],
  },
  { key: 'progress', columns: [objectiveRef, col('phase', 'code', 8, req), col('at', 'date', 12, req), col('pct', 'number', 10, req), personRef('by'), col('note', 'text', 30)] },
  {
    key: 'assessments',
    columns: [
      objectiveRef,
      col('at', 'date', 12, req),
      col('pct', 'number', 10),
      col('status', 'choice', 28, { ...req, choices: 'assessmentStatus' }),
      col('note', 'text', 30),
      personRef('by'),
      col('oivNote', 'text', 30),
    ],
  },
  {
    key: 'acknowledgedWarnings',
    columns: [
      col('code', 'choice', 22, { ...req, choices: 'warningCode' }),
      col('subject', 'text', 30, req),
      col('value', 'number', 10),
      col('reason', 'text', 60, req),
    ],
  },
];

/** Where each code list lives: its sheet and the column holding the codes. */
export const CODE_LIST_SOURCES: Record<CodeList, SheetKey> = { orgUnits: 'orgUnits', people: 'people', objectives: 'objectives' };
