/**
 * Cell values of the plan workbook, both ways. Reading accepts what an office actually types or
 * pastes: formulas (by their computed value), rich text, links, dates typed as text, numbers typed
 * the Italian way, percentages formatted as %. Writing keeps every value the type it is: dates as
 * date cells, numbers as numeric cells, codes and raw texts as text cells.
 */
import type ExcelJS from 'exceljs';
import { parseItalianNumber } from '../domain/italian-number.js';
import type { ColumnSpec } from './layout.js';
import type { WorkbookLabels } from './labels.js';

export type CellPrimitive = string | number | boolean | Date;

/** What a cell holds, reduced to a plain value (null when empty); `error` for a formula error such as #N/A. */
export interface CellContent {
  value: CellPrimitive | null;
  /** The cell shows a percentage (its format has a %): 0,4 means 40. */
  percent: boolean;
  error?: string;
}

function plain(value: ExcelJS.CellValue): { value: CellPrimitive | null; error?: string } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string') return { value: value.trim() === '' ? null : value };
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return { value };
  if ('error' in value) return { value: null, error: String(value.error) };
  if ('richText' in value) return plain(value.richText.map((part) => part.text).join(''));
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    if (result === undefined) return { value: null, error: 'formula without a computed value' };
    return plain(result);
  }
  if ('text' in value) return plain((value as { text: ExcelJS.CellValue }).text);
  return { value: null };
}

/** Reads a cell: formulas by their value, rich text and links by their text. */
export function readCell(cell: ExcelJS.Cell): CellContent {
  const { value, error } = plain(cell.value);
  // A % outside quotes in the number format makes the cell a percentage.
  const percent = typeof value === 'number' && /%/.test((cell.numFmt ?? '').replace(/"[^"]*"/g, ''));
  return error === undefined ? { value, percent } : { value, percent, error };
}

/** How a message shows a cell's value: dates as dd/mm/yyyy, the rest as typed. */
export function displayValue(value: CellPrimitive | null): unknown {
  if (value instanceof Date) return formatDay(value);
  return value ?? undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function formatDay(date: Date): string {
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

/** Excel stores days since 1899-12-30; exceljs reads date cells at UTC midnight. */
function isoOfDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function dateOfSerial(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/** A calendar date as the Excel date it is (UTC midnight, so no time zone shifts the day). */
export function dateCell(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** A date typed in a cell: a date cell, dd/mm/yyyy, yyyy-mm-dd or a day number. Other text is returned as is for the validator. */
export function readDate(value: CellPrimitive): string | CellPrimitive {
  if (value instanceof Date) return isoOfDate(value);
  if (typeof value === 'number') return isoOfDate(dateOfSerial(value));
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const italian = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (italian) return `${italian[3]}-${pad(Number(italian[2]))}-${pad(Number(italian[1]))}`;
  return text;
}

/** A number typed in a cell; a percentage cell counts in % (0,4 → 40). Text that is not a number is returned as is. */
export function readNumber(content: CellContent): CellPrimitive {
  const { value } = content;
  if (typeof value === 'number') return content.percent ? Math.round(value * 100 * 1e9) / 1e9 : value;
  if (typeof value !== 'string') return value as CellPrimitive;
  const parsed = parseItalianNumber(value.trim().replace(/%$/, ''));
  return parsed ? parsed.value : value;
}

/** A raw text (target, value): numbers typed in the cell become the Italian text they show. */
export function readRaw(content: CellContent): string {
  const { value } = content;
  if (typeof value === 'number') return content.percent ? `${italianDecimal(Math.round(value * 100 * 1e9) / 1e9)}%` : italianDecimal(value);
  if (value instanceof Date) return formatDay(value);
  if (typeof value === 'boolean') return value ? 'sì' : 'no';
  return String(value);
}

/** A number with a decimal comma and no grouping, as the plans write raw values ("2700,5"). */
export function italianDecimal(value: number): string {
  return String(value).replace('.', ',');
}

const TRUE_WORDS = new Set(['si', 'sì', 's', 'x', 'vero', 'true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'falso', 'false', '0']);

/** sì/no, vero/falso, yes/no, 1/0 or a logical cell; anything else is returned as is for the validator. */
export function readBool(value: CellPrimitive, labels: WorkbookLabels): boolean | CellPrimitive {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  const chosen = labels.choiceValue('bool', text);
  if (chosen !== undefined) return chosen === 'true';
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return value;
}

/** A day of the year written dd/mm (or a date cell) as the format's MM-DD. */
export function readPatronDay(value: CellPrimitive): CellPrimitive {
  if (value instanceof Date) return `${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  const text = String(value).trim();
  const italian = /^(\d{1,2})\/(\d{1,2})$/.exec(text);
  return italian ? `${pad(Number(italian[2]))}-${pad(Number(italian[1]))}` : text;
}

/** Writes a patron day MM-DD as dd/mm. */
export function writePatronDay(value: string): string {
  const [month, day] = value.split('-');
  return `${day}/${month}`;
}

/** A code or text: numbers become their digits ("1"), dates their dd/mm/yyyy. */
export function readText(value: CellPrimitive, trim: boolean): string {
  if (value instanceof Date) return formatDay(value);
  const text = String(value);
  return trim ? text.trim() : text;
}

/** Codes separated by commas, semicolons or line breaks. */
export function readCodes(value: CellPrimitive): string[] {
  return readText(value, true)
    .split(/[,;\n]/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

/** The number format of a numeric cell: whole numbers without decimals. */
export function numberFormat(value: number): string {
  return Number.isInteger(value) ? '0' : '0.0###';
}

/** The cell value and number format that show a plan value in a column of the given type. */
export function writeValue(column: ColumnSpec, value: unknown, labels: WorkbookLabels): { value: CellPrimitive; numFmt?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  switch (column.type) {
    case 'date':
      return { value: dateCell(String(value)), numFmt: 'dd/mm/yyyy' };
    case 'number':
      return typeof value === 'number' ? { value, numFmt: numberFormat(value) } : { value: String(value) };
    case 'bool':
      return { value: labels.choice('bool', value ? 'true' : 'false') };
    case 'choice':
      return { value: labels.choice(column.choices!, String(value)) };
    case 'codes':
      return { value: (value as string[]).join(', '), numFmt: '@' };
    case 'patronDay':
      return { value: writePatronDay(String(value)), numFmt: '@' };
    case 'code':
    case 'raw':
      return { value: String(value), numFmt: '@' };
    default:
      return { value: String(value) };
  }
}
