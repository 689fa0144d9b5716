/**
 * Italian numbers as written in the plans (domain.md §3.2 "Parsing rules"): "." groups thousands,
 * "," is the decimal mark ("2.700.000,00", "99,90"). Some cells use "." as a decimal point
 * ("≥ 1.64"): a dot followed by exactly three digits and no comma is read as thousands, any other
 * dot as a decimal point, and such a reading is flagged low confidence.
 */
import type { ParseConfidence } from './target-spec.js';

export interface ParsedNumber {
  value: number;
  confidence: ParseConfidence;
}

const WORDS: Record<string, number> = {
  zero: 0, uno: 1, una: 1, un: 1, due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10,
  undici: 11, dodici: 12, quindici: 15, venti: 20, trenta: 30, cento: 100,
};

/** The pattern of one number token as people write it (digits with . and , separators). */
export const NUMBER_TOKEN = /[-−]?\d[\d.,]*/;

/** Parses one number token; null when it is not a number. */
export function parseItalianNumber(token: string): ParsedNumber | null {
  const text = token.trim().replace(/−/g, '-').replace(/\s/g, '');
  const word = WORDS[text.toLowerCase()];
  if (word !== undefined) return { value: word, confidence: 'high' };
  if (!/^-?\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return null;
  if (text.includes(',')) {
    const [int, dec, ...rest] = text.split(',');
    if (rest.length > 0 || int === undefined || dec === undefined) return null;
    if (int.includes('.') && !/^-?\d{1,3}(\.\d{3})+$/.test(int)) return null;
    return { value: Number(`${int.replace(/\./g, '')}.${dec}`), confidence: 'high' };
  }
  if (!text.includes('.')) return { value: Number(text), confidence: 'high' };
  if (/^-?\d{1,3}(\.\d{3})+$/.test(text)) {
    return { value: Number(text.replace(/\./g, '')), confidence: 'high' };
  }
  const parts = text.split('.');
  if (parts.length !== 2) return null;
  return { value: Number(text), confidence: 'low' };
}

/** A number with at most `decimals` decimals the Italian way ("2.700,5"). */
export function formatItalianNumber(value: number, decimals = 2): string {
  const options = { maximumFractionDigits: decimals, useGrouping: 'always' } as unknown as Intl.NumberFormatOptions;
  return new Intl.NumberFormat('it-IT', options).format(value);
}
