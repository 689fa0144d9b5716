/**
 * Parses what reporters answer (domain.md §3.3) into a MeasuredValue and a status: numbers the
 * Italian way ("42,5", "2.700", "Circa 2.500", ">100"), fractions ("5 enti su 5"), yes/no ("sì"),
 * dates, composites ("121+245"), and the statuses people write instead of numbers ("non rilevabile",
 * "a consuntivo", "NP", "--", "sospeso", "in corso"), with whatever follows as the reason.
 * Every result is a value whose numbers are finite (never NaN, ∞ or -0), a status, or an error with
 * an example (issue 10 item 3).
 */
import type { IndicatorUnit } from './plan.js';
import type { TargetSpec } from './target-spec.js';
import type { MeasuredValue, MeasurementStatus } from './measured-value.js';
import type { AnswerParseError, ExpectedAnswer } from './answer-parse-error.js';
import { NUMBER_TOKEN, normaliseDigits, numberProblem, parseItalianNumber } from './italian-number.js';
import { PHASE_RANGE, answerRange, rangeProblem } from './answer-range.js';
import { MONTHS } from './targets.js';

export type AnswerResult =
  | { ok: true; value: MeasuredValue | null; status: MeasurementStatus; reason?: string }
  | { ok: false; error: AnswerParseError };

export interface AnswerContext {
  unit?: IndicatorUnit;
  target?: TargetSpec;
  planYear: number;
}

/** Status words, checked in order (longest phrases first); domain.md §3.3 and §2.4 note 5. */
const STATUSES: Array<[RegExp, MeasurementStatus]> = [
  [/^(dato\s+)?(non\s+rilevabile|non\s+misurabile|n\.?\s?r\.?)(?=$|[\s:,.;(–-])/i, 'not_measurable'],
  [/^((dato\s+)?(rilevabile|rilevato)\s+a\s+consuntivo|a\s+consuntivo|solo\s+a\s+consuntivo)(?=$|[\s:,.;(–-])/i, 'year_end_only'],
  [/^(non\s+consuntivato|non\s+cosuntivato|np|n\.p\.|--+|non\s+pervenuto)(?=$|[\s:,.;(–-])/i, 'not_reported'],
  [/^(==|non\s+applicabile|n\.?\s?a\.?)(?=$|[\s:,.;(–-])/i, 'not_applicable'],
  [/^((attività\s+)?sospes[ao])(?=$|[\s:,.;(–-])/i, 'suspended'],
  [/^(in\s+corso)(?=$|[\s:,.;(–-])/i, 'in_progress'],
  [/^(rinviat[oa])(?=$|[\s:,.;(–-])/i, 'postponed'],
];

const EXAMPLES: Record<ExpectedAnswer, string> = { number: '42,5', percent: '42,5%', yes_no: 'sì', date: '15/07/2022', fraction: '4 su 5', text: 'Approvato il regolamento' };

function fail(code: AnswerParseError['code'], expected: ExpectedAnswer): AnswerResult {
  return { ok: false, error: { code, expected, example: EXAMPLES[expected] } };
}

function reasonAfter(text: string, matched: string): string | undefined {
  const reason = text.slice(matched.length).replace(/^[\s:,.;(–-]+/, '').replace(/\)$/, '').trim();
  return reason || undefined;
}

/** Reads "15/07/2022", "15.7.2022", "2022-07-15", "15 luglio 2022"; null when not a date. */
export function parseDateAnswer(text: string, planYear: number): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dmy = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?$/.exec(text);
  const words = /^(\d{1,2})\s+([a-zà-ù]+)(?:\s+(\d{4}))?$/i.exec(text);
  let y: number;
  let m: number;
  let d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), dmy[3] ? (dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3])) : planYear];
  else if (words && MONTHS[words[2]!.toLowerCase()]) [d, m, y] = [Number(words[1]), MONTHS[words[2]!.toLowerCase()]!, words[3] ? Number(words[3]) : planYear];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function parseYesNo(text: string): boolean | null {
  const lower = text.toLowerCase().replace(/[.!]+$/, '');
  const end = '(?=$|[^a-zà-ù0-9])';
  if (new RegExp(`^(s[iì]|si'|yes|y|ok|fatto|raggiunto|approvat[oa]|adottat[oa]|on|1|vero|true)${end}`).test(lower)) return true;
  if (new RegExp(`^(no|non fatto|non raggiunto|off|0|falso|false)${end}`).test(lower)) return false;
  return null;
}

/** A single number as people write it: "42,5", "42,5%", "Circa 2.500", ">100", "€ 1.500,00", "2.700 alunni". */
function parseNumberValue(text: string): MeasuredValue | null {
  const match = /^(circa|ca\.?|~)?\s*([<>≤≥])?\s*(?:€\s*)?([-−]?\d[\d.,]*)\s*(%|€|eur|euro|gg|giorni|kmq)?(?![a-zà-ù])\.?\s*([a-zà-ù ]*)$/i.exec(text.trim().replace(/%$/, ' %').replace(/\s+%/, '%'));
  if (!match) return null;
  const parsed = parseItalianNumber(match[3]!);
  if (!parsed) return null;
  return {
    kind: 'number',
    value: parsed.value,
    ...(match[1] ? { approx: true } : {}),
    ...(match[2] ? { bound: match[2] === '>' || match[2] === '≥' ? ('gt' as const) : ('lt' as const) } : {}),
  };
}

/** One part of a composite answer: "Circa 2.500 alunni" → ~2500, label "alunni". */
function compositePart(part: string): { label?: string; value: MeasuredValue } | null {
  const match = /^(circa\s+)?([<>≤≥]?\s*\d[\d.,]*\s*%?)\s*([a-zà-ù][a-zà-ù ]*)?$/i.exec(part.trim());
  const labelFirst = /^([a-zà-ù][a-zà-ù ]*?)\s+(\d[\d.,]*\s*%?)$/i.exec(part.trim());
  const numberText = match ? match[2]! : labelFirst ? labelFirst[2]! : null;
  const value = numberText ? parseNumberValue(numberText) : null;
  if (!value || value.kind !== 'number') return null;
  const label = (match ? match[3] : labelFirst?.[1])?.trim();
  return { ...(label ? { label } : {}), value: match?.[1] ? { ...value, approx: true } : value };
}

/** The refusal for an answer that is not a readable number: names the problem when a token looked like one. */
function notANumber(text: string, expected: ExpectedAnswer): AnswerResult {
  const token = NUMBER_TOKEN.exec(text)?.[0];
  return fail((token ? numberProblem(token) : null) ?? 'not_a_number', expected);
}

/** domain.md §3.3: parses a reporter's answer for an indicator. */
export function parseAnswer(raw: string, ctx: AnswerContext): AnswerResult {
  const text = normaliseDigits(raw).trim().replace(/\s+/g, ' ');
  if (text === '') return fail('empty', expectedFor(ctx));
  for (const [re, status] of STATUSES) {
    const match = re.exec(text);
    if (match) {
      const reason = reasonAfter(text, match[0]);
      return { ok: true, value: null, status, ...(reason ? { reason } : {}) };
    }
  }
  const expected = expectedFor(ctx);
  if (expected === 'yes_no') {
    const yes = parseYesNo(text);
    if (yes === null) return fail('not_yes_no', 'yes_no');
    const note = /\(([^)]*)\)/.exec(text)?.[1];
    return { ok: true, value: { kind: 'boolean', value: yes }, status: yes || !note ? 'measured' : /rinviat/i.test(note) ? 'postponed' : 'measured', ...(note ? { reason: note } : {}) };
  }
  if (expected === 'date') {
    const date = parseDateAnswer(text, ctx.planYear);
    if (date) return { ok: true, value: { kind: 'date', date }, status: 'measured' };
    const yes = parseYesNo(text);
    if (yes !== null) return { ok: true, value: { kind: 'boolean', value: yes }, status: 'measured' };
    return fail('not_a_date', 'date');
  }
  const fraction = /^(\d[\d.,]*)\s*(?:[a-zà-ù]+\s+)?(?:su|\/)\s*(\d[\d.,]*)$/i.exec(text);
  if (fraction) {
    const n = parseItalianNumber(fraction[1]!);
    const d = parseItalianNumber(fraction[2]!);
    if (n && d) {
      if (d.value === 0) return fail('zero_denominator', 'fraction');
      return { ok: true, value: { kind: 'fraction', numerator: n.value, denominator: d.value }, status: 'measured' };
    }
  }
  const number = parseNumberValue(text);
  if (number && number.kind === 'number') {
    const problem = rangeProblem(number.value, answerRange(ctx.unit, expected));
    if (problem) return fail(problem, expected);
    return { ok: true, value: number, status: 'measured' };
  }
  const composite = text.split(/\s*\+\s*|\s*\/\s*|\s*;\s*|,\s+(?=\D*\d)/).filter(Boolean);
  const parts = composite.map(compositePart);
  if (composite.length >= 2 && parts.every((part) => part !== null)) {
    return { ok: true, value: { kind: 'composite', parts: parts as Array<{ label?: string; value: MeasuredValue }> }, status: 'measured' };
  }
  if (expected === 'number' || expected === 'percent' || expected === 'fraction') return notANumber(text, expected);
  const yes = parseYesNo(text);
  if (yes !== null && text.split(' ').length <= 3) return { ok: true, value: { kind: 'boolean', value: yes }, status: 'measured' };
  const progress = /\((\d[\d.,]*)\s*%\)\s*$/.exec(text);
  const pct = progress ? parseItalianNumber(progress[1]!) : null;
  return { ok: true, value: { kind: 'text', text, ...(pct ? { progressPct: pct.value } : {}) }, status: 'measured' };
}

/** What kind of answer an indicator needs, from its unit or, failing that, its target. */
export function expectedFor(ctx: Pick<AnswerContext, 'unit' | 'target'>): ExpectedAnswer {
  switch (ctx.unit) {
    case 'percent':
      return 'percent';
    case 'count':
    case 'eur':
    case 'days':
      return 'number';
    case 'bool':
      return 'yes_no';
    case 'date':
      return 'date';
    case 'text':
      return 'text';
  }
  switch (ctx.target?.kind) {
    case 'numeric':
    case 'rate':
    case 'band':
      return ctx.target.kind === 'numeric' && ctx.target.unit === 'percent' ? 'percent' : 'number';
    case 'fraction':
      return 'fraction';
    case 'boolean':
      return 'yes_no';
    case 'deadline':
      return 'date';
    default:
      return 'text';
  }
}

/**
 * Phase progress: a percentage 0..100 ("50", "50%", "50,5 %"); anything else is an error with an
 * example — a signed or too large number is "out of range", not "unreadable" (issue 10 item 3).
 */
export function parsePercentAnswer(raw: string): { ok: true; pct: number } | { ok: false; error: AnswerParseError } {
  const refuse = (code: AnswerParseError['code']) => ({ ok: false as const, error: { code, expected: 'percent' as const, example: '60' } });
  const match = /^\s*([-+]?\s*\d[\d.,]*)\s*%?\s*$/.exec(normaliseDigits(raw));
  if (!match) return refuse('not_a_number');
  const token = match[1]!.replace(/\s/g, '');
  const parsed = parseItalianNumber(token);
  if (!parsed) {
    const problem = numberProblem(token);
    return refuse(problem === 'too_large' ? 'out_of_range' : (problem ?? 'not_a_number'));
  }
  if (parsed.value < PHASE_RANGE.min || parsed.value > PHASE_RANGE.max) return refuse('out_of_range');
  return { ok: true, pct: parsed.value };
}
