/**
 * Italian numbers as written in the plans (domain.md §3.2 "Parsing rules"): "." groups thousands,
 * "," is the decimal mark ("2.700.000,00", "99,90"). Some cells use "." as a decimal point
 * ("≥ 1.64"): a dot followed by exactly three digits and no comma is read as thousands, any other
 * dot as a decimal point, and such a reading is flagged low confidence. Anything else — both marks
 * mixed the international way ("1,234.5"), several commas, a number too long to be exact — is not
 * read at all: a guess there would store a wrong value (issue 10 item 3).
 */
import type { ParseConfidence } from './target-spec.js';

export interface ParsedNumber {
  value: number;
  confidence: ParseConfidence;
}

/** Why a number-looking token was refused, so the answer can say what to write instead. */
export type NumberProblem = 'mixed_separators' | 'too_large';

const WORDS: Record<string, number> = {
  zero: 0, uno: 1, una: 1, un: 1, due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10,
  undici: 11, dodici: 12, quindici: 15, venti: 20, trenta: 30, cento: 100,
};

/** The pattern of one number token as people write it (digits with . and , separators). */
export const NUMBER_TOKEN = /[-−]?\d[\d.,]*/;

/** More integer digits than a double holds exactly: such a value would be stored rounded or as ∞. */
const MAX_INTEGER_DIGITS = 15;

/**
 * Rewrites digits and separators typed on other keyboards into ASCII: full-width forms ("４２，５",
 * via NFKC) and Arabic-Indic digits with the Arabic decimal and thousands marks, read the Italian way.
 * Letters are left alone, so the rest of an answer keeps its meaning.
 */
export function normaliseDigits(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, ',')
    .replace(/\u066c/g, '.')
    .replace(/[−–]/g, '-');
}

/** -0 is 0 to a reader: "-0" must be stored and shown as 0. */
function positiveZero(value: number): number {
  return value === 0 ? 0 : value;
}

function readDigits(body: string): { value: number; confidence: ParseConfidence } | NumberProblem | null {
  if (/[.,]$/.test(body) || /[.,]{2}/.test(body)) return null;
  const hasComma = body.includes(',');
  const hasDot = body.includes('.');
  let plain: string;
  let confidence: ParseConfidence = 'high';
  if (hasComma && hasDot) {
    // Only the Italian order is unambiguous: thousands dots, then one decimal comma.
    if (!/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) return 'mixed_separators';
    plain = body.replace(/\./g, '').replace(',', '.');
  } else if (hasComma) {
    // "1,234,567" is international thousands grouping: reading it either way is a guess.
    if (!/^\d+,\d+$/.test(body)) return 'mixed_separators';
    plain = body.replace(',', '.');
  } else if (hasDot) {
    if (/^\d{1,3}(\.\d{3})+$/.test(body)) plain = body.replace(/\./g, '');
    else if (/^\d+\.\d+$/.test(body)) {
      plain = body;
      confidence = 'low';
    } else return 'mixed_separators';
  } else plain = body;
  const integerDigits = plain.split('.')[0]!.replace(/^0+(?=\d)/, '');
  if (integerDigits.length > MAX_INTEGER_DIGITS) return 'too_large';
  const value = Number(plain);
  if (!Number.isFinite(value)) return 'too_large';
  return { value, confidence };
}

function read(token: string): ParsedNumber | NumberProblem | null {
  const text = normaliseDigits(token).trim().replace(/\s/g, '');
  const word = WORDS[text.toLowerCase()];
  if (word !== undefined) return { value: word, confidence: 'high' };
  const match = /^([-+]?)(\d[\d.,]*)$/.exec(text);
  if (!match) return null;
  const digits = readDigits(match[2]!);
  if (digits === null || typeof digits === 'string') return digits;
  return { value: positiveZero(match[1] === '-' ? -digits.value : digits.value), confidence: digits.confidence };
}

/** Parses one number token; null when it is not a finite number in Italian (or unambiguous dotted) form. */
export function parseItalianNumber(token: string): ParsedNumber | null {
  const result = read(token);
  return result !== null && typeof result === 'object' ? result : null;
}

/** Why a token that looks like a number was refused (mixed separators, too many digits); null when it reads or is no number at all. */
export function numberProblem(token: string): NumberProblem | null {
  const result = read(token);
  return typeof result === 'string' ? result : null;
}

/** A number with at most `decimals` decimals the Italian way ("2.700,5"). */
export function formatItalianNumber(value: number, decimals = 2): string {
  const options = { maximumFractionDigits: decimals, useGrouping: 'always', signDisplay: 'negative' } as unknown as Intl.NumberFormatOptions;
  return new Intl.NumberFormat('it-IT', options).format(positiveZero(value));
}
