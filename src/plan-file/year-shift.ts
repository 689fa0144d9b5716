/**
 * A plan moved by whole years (issue 14: a live demo). The demo plan is Segrate's 2022 plan; seeded
 * as it is, every reminder and digest of it lies years in the past, so a demo shows nothing firing.
 * Moved to the current year, its monitoring dates, phase months, deadlines and absences fall where
 * they did in 2022 relative to the year, and reminders and digests really go out during a demo.
 */
import type { PlanFile } from './schema.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
/** Fields that name the plan's cycle in words ("2022-2024"): their years move too. */
const CYCLE_FIELDS = new Set(['horizon']);

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** An ISO date or month moved by `years`; 29 February becomes 28 February in a common year. */
export function shiftIsoDate(value: string, years: number): string {
  const date = ISO_DATE.exec(value);
  if (date) {
    const year = Number(date[1]) + years;
    const day = date[2] === '02' && date[3] === '29' && !isLeap(year) ? '28' : date[3];
    return `${String(year).padStart(4, '0')}-${date[2]}-${day}`;
  }
  const month = ISO_MONTH.exec(value);
  if (month) return `${String(Number(month[1]) + years).padStart(4, '0')}-${month[2]}`;
  return value;
}

/** The four-digit years in a text ("Piano 2022-2024") moved by `years`. */
function shiftYearsInText(text: string, years: number): string {
  return text.replace(/\b(19|20)\d\d\b/g, (year) => String(Number(year) + years));
}

function shiftNode(node: unknown, years: number, key = ''): unknown {
  if (typeof node === 'string') return CYCLE_FIELDS.has(key) ? shiftYearsInText(node, years) : shiftIsoDate(node, years);
  if (Array.isArray(node)) return node.map((item) => shiftNode(item, years, key));
  if (node && typeof node === 'object') {
    // Keys are dates too: monthly increments ("2022-03"), targets and printed targets per checkpoint.
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [shiftIsoDate(k, years), shiftNode(v, years, k)]));
  }
  return node;
}

/**
 * The plan with every date moved so that its year is `year`: ISO dates and months wherever they are
 * (values and keys), the plan's year, the years in its title and in each objective's horizon. The
 * plan's code is kept, so the commands that name it keep working. Free text (titles of phases,
 * descriptions) is left as written: it quotes the source document.
 */
export function shiftPlanToYear(plan: PlanFile, year: number): PlanFile {
  const years = year - plan.plan.year;
  if (years === 0) return plan;
  const shifted = shiftNode(plan, years) as PlanFile;
  return { ...shifted, plan: { ...shifted.plan, code: plan.plan.code, year, title: shiftYearsInText(plan.plan.title, years) } };
}
