/**
 * Issue 10 item 3, fuzzed: 10,000 strings — arbitrary text and number-like text built from digits of
 * several scripts, separators, signs, units and status words — read as indicator answers (every
 * unit) and as phase progress. Each result must be a finite number in the unit's range, a
 * non-numeric answer kind, or an error with an example; never NaN, ∞ or -0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswer, parsePercentAnswer, type AnswerResult } from '../../src/domain/answers.js';
import type { MeasuredValue } from '../../src/domain/measured-value.js';
import { faultTally } from './fault-log.js';

const UNITS = [undefined, 'percent', 'count', 'eur', 'days', 'date', 'bool', 'text'] as const;
const CODES = new Set(['not_a_number', 'out_of_range', 'negative', 'too_large', 'mixed_separators', 'zero_denominator', 'not_yes_no', 'not_a_date', 'empty']);
const KINDS = new Set(['number', 'fraction', 'boolean', 'date', 'composite', 'text']);

/** Digits of the scripts people may type: ASCII, full-width, Arabic-Indic, extended Arabic-Indic. */
const digit = fc.constantFrom(...'0123456789', ...'０１２３４５６７８９', ...'٠١٢٣٤٥٦٧٨٩', ...'۰۱۲۳۴۵۶۷۸۹');
const piece = fc.oneof(
  { weight: 6, arbitrary: digit },
  { weight: 2, arbitrary: fc.constantFrom('.', ',', '٫', '٬', '，', '．') },
  { weight: 1, arbitrary: fc.constantFrom('-', '−', '+', ' ', '%', '€', 'e', 'E', 'Infinity', 'NaN', '/', ' su ', '+', ';', 'circa ', '>', '<') },
);
const numberLike = fc.array(piece, { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));
const longDigits = fc.integer({ min: 14, max: 420 }).map((n) => `${'-'.repeat(n % 2)}${'9'.repeat(n)}`);
const italian = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 999 }), fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 4 }), fc.option(fc.nat({ max: 9999 })))
  .map(([neg, head, groups, decimals]) => `${neg ? '-' : ''}${head}${groups.map((g) => `.${String(g).padStart(3, '0')}`).join('')}${decimals === null ? '' : `,${decimals}`}`);
const words = fc.constantFrom('non rilevabile: manca', 'a consuntivo', 'NP', '--', 'sì', 'no', 'in corso', '15/07/2022', '31/02/2022', '4 su 0', '5 enti su 5', 'circa 2.500 alunni, 370 docenti', '(20%)', 'rispondi');
const answer = fc.oneof(
  { weight: 4, arbitrary: numberLike },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 2, arbitrary: italian },
  { weight: 1, arbitrary: longDigits },
  { weight: 1, arbitrary: fc.tuple(words, numberLike).map(([w, n]) => `${n} ${w}`) },
);

/** Every number inside a value, with where it is. */
function numbersIn(value: MeasuredValue): number[] {
  switch (value.kind) {
    case 'number':
      return [value.value];
    case 'fraction':
      return [value.numerator, value.denominator];
    case 'composite':
      return value.parts.flatMap((part) => numbersIn(part.value));
    case 'text':
      return value.progressPct === undefined ? [] : [value.progressPct];
    default:
      return [];
  }
}

const finite = (n: number) => Number.isFinite(n) && !Object.is(n, -0);

/** The checker, written apart from the parser: what any answer may turn into. */
function checkAnswer(raw: string, unit: (typeof UNITS)[number], result: AnswerResult): void {
  if (!result.ok) {
    expect(CODES.has(result.error.code), `${raw}: ${result.error.code}`).toBe(true);
    expect(result.error.example.length, raw).toBeGreaterThan(0);
    return;
  }
  if (result.value === null) {
    expect(result.status, raw).not.toBe('measured');
    return;
  }
  expect(KINDS.has(result.value.kind), raw).toBe(true);
  for (const n of numbersIn(result.value)) expect(finite(n), `${JSON.stringify(raw)} (${unit}) gave ${n}`).toBe(true);
  if (result.value.kind === 'fraction') expect(result.value.denominator, raw).not.toBe(0);
  if (result.value.kind === 'number' && (unit === 'percent' || unit === 'count' || unit === 'days')) expect(result.value.value, `${raw} (${unit})`).toBeGreaterThanOrEqual(0);
  if (result.value.kind === 'number') expect(Math.abs(result.value.value), raw).toBeLessThanOrEqual(1e12);
}

/** The value of a canonical Italian number, read independently ("-1.234,5" → -1234.5). */
function italianValue(text: string): number {
  const value = Number(text.replace(/\./g, '').replace(',', '.'));
  return value === 0 ? 0 : value;
}

describe('fuzzing the answer parser (issue 10 item 3)', () => {
  it('turns 10,000 strings into a finite number, a non-numeric answer or an error with an example', () => {
    const tally = faultTally('answer parser fuzz');
    fc.assert(
      fc.property(answer, (raw) => {
        tally.round();
        for (const unit of UNITS) {
          checkAnswer(raw, unit, parseAnswer(raw, { planYear: 2022, ...(unit ? { unit } : {}) }));
          tally.check();
        }
        const phase = parsePercentAnswer(raw);
        if (phase.ok) {
          expect(finite(phase.pct) && phase.pct >= 0 && phase.pct <= 100, `${raw} → ${phase.pct}`).toBe(true);
        } else {
          expect(CODES.has(phase.error.code) && phase.error.example.length > 0, raw).toBe(true);
        }
        tally.check();
      }),
      { numRuns: 10_000, seed: 10_003 },
    );
    tally.report();
  });

  it('reads every canonical Italian number as its value (count or euro)', () => {
    const tally = faultTally('answer parser: Italian numbers');
    fc.assert(
      fc.property(italian, (raw) => {
        tally.round();
        const expected = italianValue(raw);
        const result = parseAnswer(raw, { planYear: 2022, unit: 'eur' });
        if (Math.abs(expected) > 1e12) expect(result, raw).toMatchObject({ ok: false, error: { code: 'too_large' } });
        else expect(result, raw).toEqual({ ok: true, value: { kind: 'number', value: expected }, status: 'measured' });
        const count = parseAnswer(raw, { planYear: 2022, unit: 'count' });
        expect(count.ok, raw).toBe(expected >= 0 && expected <= 1e12);
        tally.check(2);
      }),
      { numRuns: 2_000, seed: 10_004 },
    );
    tally.report();
  });
});
