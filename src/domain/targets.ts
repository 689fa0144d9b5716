/**
 * Parses what people write as targets (domain.md §3.1) into the typed TargetSpec (§3.2): numbers
 * with comparators and words, fractions, scores, deadlines, yes/no, bands, rates, composites and
 * milestone text. Never throws: text that fits no form becomes a milestone with low confidence.
 */
import type { IndicatorKind, IndicatorUnit } from './plan.js';
import type { Comparator, Direction, DueDate, ParseConfidence, RatePeriod, TargetField, TargetSpec, Unit } from './target-spec.js';
import { parseItalianNumber } from './italian-number.js';

export interface TargetContext {
  planYear: number;
  unitHint?: IndicatorUnit;
  kind?: IndicatorKind;
  direction?: 'higher' | 'lower' | 'exact';
  indicatorName?: string;
}

export const MONTHS: Record<string, number> = {
  gennaio: 1, febbraio: 2, marzo: 3, aprile: 4, maggio: 5, giugno: 6, luglio: 7, agosto: 8, settembre: 9, ottobre: 10, novembre: 11, dicembre: 12,
  gen: 1, feb: 2, mar: 3, apr: 4, mag: 5, giu: 6, lug: 7, ago: 8, set: 9, ott: 10, nov: 11, dic: 12,
};
const MONTH_RE = '(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)';
const NUM = '\\d[\\d.,]*';

/** Comparator words and symbols, longest first (domain.md §3.2 "Words"). */
const COMPARATORS: Array<[RegExp, Comparator]> = [
  [/(>=|≥|=>)/, 'gte'],
  [/(<=|≤|=<)/, 'lte'],
  [/\b(almeno|minimo|min\.|non inferiore|pari o superiore|superiore o (?:uguale|pari)|maggiore o uguale|numero minimo|n\. minimo)/i, 'gte'],
  [/\b(max|massimo|non superiore|pari o inferiore|inferiore o (?:uguale|pari))\b/i, 'lte'],
  [/(>|\b(superiore|maggiore|più di|oltre)\b)/i, 'gt'],
  [/(<|\b(inferiore|minore|meno di)\b)/i, 'lt'],
];

function decodeEntities(text: string): string {
  return text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/&nbsp;/g, ' ');
}

const NUMBER_WORDS: Record<string, string> = { uno: '1', una: '1', due: '2', tre: '3', quattro: '4', cinque: '5', sei: '6', sette: '7', otto: '8', nove: '9', dieci: '10' };

/** Removes notes that are not part of the target ("(peso 40)", surrounding parentheses) and writes number words as digits. */
function clean(raw: string): string {
  return decodeEntities(raw)
    .replace(/\(\s*peso\s*\d+\s*\)/gi, '')
    .replace(/\b(almeno|minimo|massimo|max|n\.|nr\.)\s+(uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci)\b/gi, (_m, word: string, n: string) => `${word} ${NUMBER_WORDS[n.toLowerCase()]}`)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
}

function firstNumber(text: string): { value: number; confidence: ParseConfidence; index: number; token: string } | null {
  const match = new RegExp(NUM).exec(text);
  if (!match) return null;
  const token = match[0].replace(/[.,]+$/, '');
  const parsed = parseItalianNumber(token);
  return parsed && { ...parsed, index: match.index, token };
}

function comparatorOf(text: string): Comparator | null {
  for (const [re, op] of COMPARATORS) if (re.test(text)) return op;
  return null;
}

function unitOf(text: string, ctx: TargetContext): Unit {
  // A percent sign counts only right after the first number: "nr. 3 (100%)" is a count.
  if (/^[^\d]*\d[\d.,]*\s*%/.test(text)) return 'percent';
  if (/€|\beur(o)?\b/i.test(text)) return 'eur';
  if (/\bkmq\b/i.test(text)) return 'kmq';
  if (/\bgiorn[oi]\b/i.test(text)) return 'days';
  if (/\bor[ae]\b/i.test(text)) return 'hours';
  switch (ctx.unitHint) {
    case 'percent':
      return 'percent';
    case 'eur':
      return 'eur';
    case 'days':
      return 'days';
    case 'count':
      return 'count';
    default:
      return ctx.kind === 'costo' ? 'eur' : 'count';
  }
}

function defaultOp(ctx: TargetContext): Comparator {
  if (ctx.direction === 'lower') return 'lte';
  if (ctx.direction === 'exact') return 'eq';
  if (ctx.direction === 'higher') return 'gte';
  return ctx.kind === 'costo' ? 'lte' : 'gte';
}

function directionOf(spec: TargetSpec, ctx: TargetContext): Direction {
  if (spec.kind === 'band') return 'band';
  if (spec.kind === 'numeric' || spec.kind === 'fraction' || spec.kind === 'rate') {
    if (spec.op === 'gte' || spec.op === 'gt') return 'higher';
    if (spec.op === 'lte' || spec.op === 'lt') return 'lower';
    return 'exact';
  }
  return ctx.direction ?? 'higher';
}

function parseDue(text: string, ctx: TargetContext): DueDate | null {
  const lower = text.toLowerCase();
  const date = /(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b/.exec(lower);
  if (date) {
    const [, d, m, y] = date as unknown as [string, string, string, string];
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    return { type: 'date', date: `${year}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` };
  }
  const month = new RegExp(`${MONTH_RE}(?:\\s+(\\d{4}))?`).exec(lower);
  if (month) return { type: 'month', year: month[2] ? Number(month[2]) : ctx.planYear, month: MONTHS[month[1]!]! };
  if (/termini (?:previsti )?(?:per|dalla|di) legge|nei termini di legge/.test(lower)) return { type: 'legal', note: text };
  if (/regolamento/.test(lower)) return { type: 'regulation', note: text };
  if (/bando/.test(lower)) return { type: 'call', note: text };
  const year = /\b(20\d{2})\b/.exec(lower);
  if (year) return { type: 'year', year: Number(year[1]) };
  if (/(entro )?(l'|fine )?anno\b/.test(lower)) return { type: 'year', year: ctx.planYear };
  return null;
}

const BOOLEAN_RE = /^(s[iì]|no|on|yes|s[iì]\s*\/\s*no|fatto|(?:\(?\s*s[iì]\s*=\s*1.*)|.*\bfatto\s*=\s*1.*|1(?:,00)?\s*\(\s*s[iì]\s*=\s*1.*)$/i;
const DELIVERABLE_RE = /\b(approvazione|adozione|ottenimento|attivazione|adeguamento|predisposizione|realizzazione|redazione|aggiornamento|avvio|completamento|assunzione|installazione|sottoscrizione|pubblicazione|trasmissione|rispetto)\b/i;
const RATE_PERIODS: Array<[RegExp, RatePeriod]> = [
  [/\/\s*(anno|annu)|(all'|ogni |per )anno\b(?! \d)|annu[ae]l/i, 'year'],
  [/\/\s*sett|a settimana|alla settimana|settimanal/i, 'week'],
  [/\/\s*mese|al mese|mensil/i, 'month'],
  [/\/\s*giorno|al giorno|giornalier/i, 'day'],
  [/\/\s*stagione|a stagione|per stagione/i, 'season'],
];

function parseSimple(text: string, ctx: TargetContext): { spec: TargetSpec; confidence: ParseConfidence } | null {
  const lower = text.toLowerCase();
  // E. a written date ("entro il 30/04/2020", "a regime entro il 30.9.2020") is a deadline, not a fraction.
  if (/\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/.test(text)) {
    const due = parseDue(text, ctx);
    if (due) {
      const deliverable = /\bentro\b/i.test(text) ? text.split(/\bentro\b/i)[0]!.trim() : '';
      return { spec: { kind: 'deadline', due, ...(deliverable ? { deliverable } : {}) }, confidence: 'high' };
    }
  }
  // K/J. "Attese nessuna", "nessuno": a zero target, lower is better (domain.md P6).
  if (/^(attes[ei]\s+)?nessun[oa]?$/i.test(text)) return { spec: { kind: 'numeric', op: 'lte', value: 0, unit: unitOf('', ctx) }, confidence: 'high' };
  // G. bands: "±3%", "50 (+/- 30% Covid)", "±3"
  const band = new RegExp(`^(?:(${NUM})\\s*(%)?\\s*)?\\(?\\s*(?:±|\\+\\s*/\\s*[-−])\\s*(${NUM})\\s*(%)?`).exec(text);
  if (band) {
    const center = band[1] ? parseItalianNumber(band[1]) : null;
    const tol = parseItalianNumber(band[3]!);
    if (tol) {
      const unit: Unit = band[2] ? 'percent' : unitOf('', ctx);
      const spec: TargetSpec = band[4] ? { kind: 'band', center: center?.value ?? 'baseline', tolPct: tol.value, unit } : { kind: 'band', center: center?.value ?? 'baseline', tolAbs: tol.value, unit };
      return { spec, confidence: 'high' };
    }
  }
  // C. fractions and scores: "5 enti su 5", "3 su 3", "almeno 7 su 10", "7/10"
  const fraction = new RegExp(`(${NUM})\\s*(?:[a-zà-ù]+\\s+)?(?:su|/)\\s*(${NUM})(?!\\s*(?:%|anno|sett|mese|giorno|stagione))`, 'i').exec(text);
  if (fraction && !/\/\s*(anno|sett|mese|giorno|stagione)/i.test(text)) {
    const n = parseItalianNumber(fraction[1]!);
    const d = parseItalianNumber(fraction[2]!);
    if (n && d && d.value > 0) {
      const op = comparatorOf(text.slice(0, fraction.index)) ?? defaultOp(ctx);
      // "almeno 7 su 10", "≥ 8 su 10", "7/10" are scores; "5 enti su 5" counts things.
      const namesThings = /^\d[\d.,]*\s+(?!su\b)[a-zà-ù]+\s+su\b/i.test(fraction[0]);
      const isScore = d.value === 10 && !namesThings && n.value <= 10;
      const spec: TargetSpec = isScore ? { kind: 'numeric', op, value: n.value, unit: 'score', scaleMax: d.value } : { kind: 'fraction', op, numerator: n.value, denominator: d.value };
      return { spec, confidence: 'high' };
    }
  }
  // H. rates: "2/anno", "40/sett", "n.2/settimana", "almeno 4 proposte / iniziative a settimana"
  const period = /\bentro\b/i.test(text) ? undefined : RATE_PERIODS.find(([re]) => re.test(text));
  const number = firstNumber(text);
  if (period && number) {
    return { spec: { kind: 'rate', op: comparatorOf(text.slice(0, number.index)) ?? defaultOp(ctx), value: number.value, per: period[1] }, confidence: number.confidence };
  }
  // E. deadlines: "entro aprile", "a regime entro il 30.9.2020", "Entro 2021", "(ottobre)"
  const hasComparatorNumber = number !== null && (/%/.test(text) || comparatorOf(text) !== null);
  if (!hasComparatorNumber && (/\bentro\b|\bscadenza\b|\btermini\b/i.test(lower) || new RegExp(`^${MONTH_RE}(\\s+\\d{4})?$`).test(lower))) {
    const due = parseDue(text, ctx);
    if (due) {
      const deliverable = /\bentro\b/i.test(text) ? text.split(/\bentro\b/i)[0]!.trim().replace(/[,;:–-]$/, '').trim() : '';
      return { spec: { kind: 'deadline', due, ...(deliverable ? { deliverable } : {}) }, confidence: 'high' };
    }
  }
  // F. yes/no
  if (BOOLEAN_RE.test(lower)) return { spec: { kind: 'boolean', expected: true }, confidence: 'high' };
  // A, B, D. numbers with comparators
  if (number) {
    const op = comparatorOf(text.slice(0, number.index + number.token.length + 2)) ?? comparatorOf(text) ?? defaultOp(ctx);
    const approx = /\bcirca\b/i.test(text);
    let unit = unitOf(text, ctx);
    // "<0,10": a bare fraction of one is a ratio, not a count.
    if (unit === 'count' && !ctx.unitHint && number.value > 0 && number.value < 1) unit = 'ratio';
    return { spec: { kind: 'numeric', op, value: number.value, unit }, confidence: approx ? 'low' : number.confidence };
  }
  return null;
}

/** Splits composite targets ("≥ 70% consigli / ≥ 15 nuovi progetti", "40 +150", "3.000 alunni; 200 docenti"). */
function compositeParts(text: string): string[] | null {
  const separators = [/\s+\/\s+/, /\s*;\s*/, /\s*\+\s*(?=\d)/];
  for (const separator of separators) {
    const parts = text.split(separator).map((p) => p.trim()).filter(Boolean);
    if (parts.length >= 2 && parts.every((p) => /\d/.test(p))) return parts;
  }
  const groups = [...text.matchAll(/(\d[\d.,]*)\s+([a-zà-ù]+(?:\s+[a-zà-ù]+)?)(?=\s+\d|$)/gi)];
  if (groups.length >= 2 && groups.map((g) => g[0]).join(' ') === text) return groups.map((g) => g[0]);
  if (/\d[^,]*,\s+\d/.test(text)) {
    const parts = text.split(/,\s+/).map((p) => p.trim());
    if (parts.length >= 2 && parts.every((p) => /\d/.test(p) && /[a-zà-ù]/i.test(p))) return parts;
  }
  return null;
}

function labelOf(part: string): string | undefined {
  const label = part.replace(/[≥≤<>=]|almeno|\d[\d.,]*%?/gi, '').trim();
  return label || undefined;
}

/** domain.md §3.2: the typed form of a raw target; `ctx` gives the plan year and the indicator's hints. */
export function parseTarget(raw: string, ctx: TargetContext): TargetField {
  const text = clean(raw);
  const field = (spec: TargetSpec, parseConfidence: ParseConfidence): TargetField => ({ raw, spec, direction: directionOf(spec, ctx), parseConfidence });
  if (text === '' || /^(==|\/\/|-+|—|n\.?d\.?|nessuno)$/i.test(text)) return field({ kind: 'none' }, 'high');
  if (/\b(indice|indicatore) di contesto\b/i.test(text)) return field({ kind: 'none' }, 'high');

  const parts = compositeParts(text);
  if (parts && !/^\d[\d.,]*\s*(?:\/|su)\s*\d/.test(text)) {
    const parsed = parts.map((part) => ({ label: labelOf(part), result: parseSimple(part, ctx) }));
    if (parsed.every((p) => p.result !== null)) {
      // "40 +150" (Delibere CC – GC) are two targets to meet, not a total (domain.md §3.2 mapping).
      const spec: TargetSpec = { kind: 'composite', combine: 'all', parts: parsed.map((p) => ({ ...(p.label ? { label: p.label } : {}), spec: p.result!.spec })) };
      return field(spec, parsed.some((p) => p.result!.confidence === 'low') ? 'low' : 'high');
    }
  }
  const simple = parseSimple(text, ctx);
  if (simple) {
    // A long sentence whose only number is incidental is a deliverable, not a count.
    const words = text.split(/\s+/).length;
    if (simple.spec.kind === 'numeric' && words > 8 && comparatorOf(text) === null && !/%/.test(text)) {
      return field({ kind: 'milestone', text }, 'low');
    }
    return field(simple.spec, simple.confidence);
  }
  if (DELIVERABLE_RE.test(text)) return field({ kind: 'boolean', expected: true, deliverable: text }, 'high');
  return field({ kind: 'milestone', text }, 'low');
}
