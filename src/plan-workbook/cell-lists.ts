/**
 * The two short "key: value" lists a phase row may hold in one cell: months outside the grid
 * ("2023-01: 10; 2023-02: X") and the cumulative % printed in the source ("31/07/2022: 48").
 * Entries are separated by ";" or line breaks; numbers are written the Italian way.
 */
import { parseItalianNumber } from '../domain/italian-number.js';
import { readDate } from './cell-value.js';

function entries(text: string): Array<[string, string]> | null {
  const parts = text.split(/[;\n]/).map((part) => part.trim()).filter((part) => part !== '');
  const out: Array<[string, string]> = [];
  for (const part of parts) {
    const match = /^(.+?)\s*:\s*(.+)$/.exec(part);
    if (!match) return null;
    out.push([match[1]!.trim(), match[2]!.trim()]);
  }
  return out;
}

/** "YYYY-MM: %" or "YYYY-MM: X" entries; null when the text does not read as such. */
export function monthEntries(text: string): Array<{ month: string; value: number | 'X' }> | null {
  const list = entries(text);
  if (list === null) return null;
  const out: Array<{ month: string; value: number | 'X' }> = [];
  for (const [month, value] of list) {
    if (!/^\d{4}-\d{2}$/.test(month)) return null;
    if (value.toUpperCase() === 'X') out.push({ month, value: 'X' });
    else {
      const parsed = parseItalianNumber(value.replace(/%$/, ''));
      if (!parsed) return null;
      out.push({ month, value: parsed.value });
    }
  }
  return out;
}

/** "dd/mm/yyyy: %" entries as [ISO date, %]; null when the text does not read as such. */
export function datedPctEntries(text: string): Array<[string, number]> | null {
  const list = entries(text);
  if (list === null) return null;
  const out: Array<[string, number]> = [];
  for (const [day, value] of list) {
    const iso = readDate(day);
    const parsed = parseItalianNumber(value.replace(/%$/, ''));
    if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso) || !parsed) return null;
    out.push([iso, parsed.value]);
  }
  return out;
}
